import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../../../src/config/env.js';

const root = new URL('../../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string })
  .version;

interface ComposeService {
  image?: string;
  build?: { context: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** What compose makes of `${NAME:-default}` when .env leaves NAME unset. */
function withDefaults(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z_]+\}/g, ''),
    ]),
  );
}

describe('docker-compose.yml', () => {
  const bot = compose.services['netshoot-bot']!;
  const redis = compose.services.redis!;

  it('runs `netshoot-bot all` from the image built from this repository, after Redis is healthy', () => {
    expect(bot.build?.context).toBe('.');
    expect(bot.image).toBe(`netshoot-bot/bot:${version}`);
    expect(bot.command).toEqual(['all']);
    expect(bot.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(bot.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('mounts the Docker socket and uses the Docker executor', () => {
    expect(bot.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(bot.environment?.NETSHOOT_EXECUTOR).toBe('docker');
  });

  it('health-checks both services', () => {
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(bot.healthcheck?.test.join(' ')).toContain('/healthz');
  });

  it('passes only variables the bot knows, and their defaults pass its own start-up check', () => {
    const environment = withDefaults(bot.environment ?? {});
    const config = loadConfig({
      ...environment,
      SLACK_SIGNING_SECRET: '0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    for (const name of Object.keys(environment)) {
      if (environment[name] !== '') expect(config).toHaveProperty(name);
    }
    expect(config.NETSHOOT_IMAGE).toBe(`netshoot-bot/netshoot:${version}`);
  });
});
