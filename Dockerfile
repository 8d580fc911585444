# The bot's own image: `netshoot-bot all` (Slack app and worker) by default. The toolbox that the
# worker starts in targets is another image, built from image/Dockerfile (NETSHOOT_IMAGE).
#
#   docker build --network host -t netshoot-bot/bot:0.1.0 .     (or scripts/build-bot-image)
#
# Where node:20-bookworm-slim cannot be pulled, scripts/build-bot-image makes a stand-in under that
# tag first (Debian base plus the host's Node 20), so this file stays the ordinary one.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin bin
COPY src src
COPY commands commands
COPY scripts/bundle-cli.mjs scripts/bundle-cli.mjs
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# The charts in the thread (src/charts) name DejaVu Sans: 2.8 MB, and without a font resvg draws
# them with no words at all.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
# Root, on purpose: the worker talks to /var/run/docker.sock, which is root:docker on the host with a
# group id that differs between machines, and access to that socket is root on the host anyway.
# docs/docker.md says how to run it as another user with the socket's group instead.
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/netshoot-bot.js"]
CMD ["all"]
