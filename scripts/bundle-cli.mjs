// The second half of `npm run build`: bundles the compiled CLI (dist/src/main/cli.js) into dist/cli/,
// so that `netshoot-bot explain` starts in a few reads instead of ~300 module files (SPEC 8: at most
// 3x `node -e 0`; bench/startup.ts measures it). Our own code and zod are bundled (zod's classic API
// pulls in its ~60 locale files, of which the bundle keeps the one it uses); every other dependency
// stays in node_modules, loaded only by the subcommand that needs it (bot, worker, run import theirs
// dynamically, and those imports become separate chunks).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['zod']);

await build({
  entryPoints: ['dist/src/main/cli.js'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  logLevel: 'warning',
});
