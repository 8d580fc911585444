import { readFileSync } from 'node:fs';
import {
  ConfigError,
  defaultNetshootImage,
  loadBotConfig,
  loadConfig,
  requireJobSecretWithPolicy,
  slackConnection,
} from '../../../src/config/env.js';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('gives every SPEC 2 default when the environment is empty', () => {
    expect(loadConfig({})).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      SLACK_API_URL: 'https://slack.com/api/',
      NETSHOOT_IMAGE: defaultNetshootImage,
      NETSHOOT_EXECUTOR: 'docker',
      NETSHOOT_CLUSTER: 'default',
      WORKER_CONCURRENCY: 4,
      LOG_LEVEL: 'info',
      PORT: 3000,
      NETSHOOT_WORKER_METRICS_PORT: 9464,
      NETSHOOT_WORKER_GRACE: 25_000,
    });
  });

  it('reads NETSHOOT_WORKER_GRACE as a duration and says how to write one', () => {
    expect(loadConfig({ NETSHOOT_WORKER_GRACE: '1m' }).NETSHOOT_WORKER_GRACE).toBe(60_000);
    expect(() => loadConfig({ NETSHOOT_WORKER_GRACE: 'soon' })).toThrow(
      /NETSHOOT_WORKER_GRACE: 'soon' is not valid: write a duration such as 25s/,
    );
  });

  it('takes 0 for NETSHOOT_WORKER_METRICS_PORT (no /metrics on the worker) and refuses a port past 65535', () => {
    expect(loadConfig({ NETSHOOT_WORKER_METRICS_PORT: '0' }).NETSHOOT_WORKER_METRICS_PORT).toBe(0);
    expect(() => loadConfig({ NETSHOOT_WORKER_METRICS_PORT: '70000' })).toThrow(
      /NETSHOOT_WORKER_METRICS_PORT/,
    );
  });

  it('reads given values and turns numbers into numbers', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6390',
      SLACK_SIGNING_SECRET: 'abcdef0123456789',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_APP_TOKEN: 'xapp-1-A-2',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      NETSHOOT_IMAGE: 'registry.example.com/netshoot:1.2',
      NETSHOOT_EXECUTOR: 'kubernetes',
      NETSHOOT_CLUSTER: 'prod-eu',
      NETSHOOT_POLICY: '/etc/netshoot/policy.yaml',
      WORKER_CONCURRENCY: '16',
      LOG_LEVEL: 'debug',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6390',
      SLACK_APP_TOKEN: 'xapp-1-A-2',
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      NETSHOOT_EXECUTOR: 'kubernetes',
      NETSHOOT_POLICY: '/etc/netshoot/policy.yaml',
      WORKER_CONCURRENCY: 16,
      PORT: 8080,
    });
  });

  it('treats an empty value as unset, as compose files write FOO=', () => {
    expect(loadConfig({ REDIS_URL: '', WORKER_CONCURRENCY: '  ' })).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      WORKER_CONCURRENCY: 4,
    });
  });

  it.each([
    ['REDIS_URL', 'localhost:6379', 'redis://127.0.0.1:6379'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'xoxb-'],
    ['SLACK_APP_TOKEN', 'xoxb-1', 'xapp-'],
    ['SLACK_API_URL', 'ftp://example.com', 'https://slack.com/api/'],
    ['NETSHOOT_EXECUTOR', 'podman', 'docker, kubernetes or local'],
    ['NETSHOOT_CLUSTER', 'Prod_EU', 'DNS label'],
    ['WORKER_CONCURRENCY', 'four', 'whole number from 1 to 256'],
    ['WORKER_CONCURRENCY', '0', 'whole number from 1 to 256'],
    ['LOG_LEVEL', 'verbose', 'fatal, error, warn, info, debug, trace, silent'],
    ['PORT', '70000', 'from 1 to 65535'],
    ['NETSHOOT_IMAGE', 'bad image name', 'image reference'],
  ])('refuses %s=%s with a message naming the variable and the fix', (variable, value, fix) => {
    const message = problemsOf({ [variable]: value });
    expect(message).toContain(variable);
    expect(message).toContain(fix);
  });

  it('lists every bad variable at once', () => {
    const message = problemsOf({ LOG_LEVEL: 'loud', PORT: 'http' });
    expect(message.split('\n')).toHaveLength(2);
    expect(message).toMatch(/^LOG_LEVEL: /m);
    expect(message).toMatch(/^PORT: /m);
  });

  it('never repeats a secret in its message', () => {
    const message = problemsOf({
      SLACK_BOT_TOKEN: 'hunter2-very-secret',
      REDIS_URL: 'http://u:pw@db',
    });
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('pw@db');
    expect(message).toContain('SLACK_BOT_TOKEN');
  });

  it('says how long a signing secret must be when it is too short, without showing it', () => {
    const message = problemsOf({ SLACK_SIGNING_SECRET: 'abc12' });
    expect(message).toMatch(
      /^SLACK_SIGNING_SECRET: the value is not valid \(5 characters; it needs at least 8, and Slack's have 32\)/,
    );
    expect(message).not.toContain('abc12');
  });

  it('says a signing secret with white space in it has white space', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: '0123456789 abcdef' })).toContain('(it contains white space)');
  });

  it('pins the default image to the package version', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(defaultNetshootImage.endsWith(`:${version}`)).toBe(true);
  });
});

describe('slackConnection', () => {
  it('chooses Socket Mode when SLACK_APP_TOKEN is set', () => {
    const config = loadConfig({
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(slackConnection(config)).toEqual({
      mode: 'socket',
      appToken: 'xapp-1',
      botToken: 'xoxb-1',
      signingSecret: undefined,
    });
  });

  it('chooses HTTP mode with a signing secret and a bot token', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: '0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(slackConnection(config)).toEqual({
      mode: 'http',
      signingSecret: '0123456789abcdef',
      botToken: 'xoxb-1',
    });
  });

  it('names each missing Slack variable and how to get it', () => {
    expect(() => slackConnection(loadConfig({}))).toThrow(
      /SLACK_SIGNING_SECRET: is not set.*\nSLACK_BOT_TOKEN: is not set.*xoxb-/s,
    );
  });
});

describe('loadBotConfig', () => {
  it('lists the missing Slack values and every bad variable in one error', () => {
    let error: unknown;
    try {
      loadBotConfig({ PORT: 'http', SLACK_BOT_TOKEN: 'xoxp-user-token' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable);
    // The refused token is reported as refused, not also as "not set".
    expect(variables.sort()).toEqual(['PORT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect((error as ConfigError).message).toMatch(/^SLACK_BOT_TOKEN: the value is not valid/m);
    expect((error as ConfigError).message).toMatch(/^SLACK_SIGNING_SECRET: is not set/m);
  });

  it('returns the configuration and the connection its mode needs', () => {
    const { config, connection } = loadBotConfig({
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_BOT_TOKEN: 'xoxb-1',
      PORT: '8080',
    });
    expect(config.PORT).toBe(8080);
    expect(connection).toMatchObject({ mode: 'socket', appToken: 'xapp-1', botToken: 'xoxb-1' });
  });
});

describe('NETSHOOT_JOB_SECRET', () => {
  const secret = 'f'.repeat(64);
  const botEnv = { SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' };

  it('is read as given, and optional while there is no policy', () => {
    expect(loadConfig({ NETSHOOT_JOB_SECRET: secret }).NETSHOOT_JOB_SECRET).toBe(secret);
    expect(loadConfig({}).NETSHOOT_JOB_SECRET).toBeUndefined();
    expect(() => loadBotConfig(botEnv)).not.toThrow();
    expect(() => requireJobSecretWithPolicy(loadConfig({}))).not.toThrow();
  });

  it('refuses a key shorter than 32 characters, saying its length and how to make one, without showing it', () => {
    const message = problemsOf({ NETSHOOT_JOB_SECRET: 'short-secret-1234' });
    expect(message).toMatch(
      /^NETSHOOT_JOB_SECRET: the value is not valid \(17 characters; it needs at least 32\)/,
    );
    expect(message).toContain('openssl rand -hex 32');
    expect(message).not.toContain('short-secret-1234');
  });

  it('refuses a key with white space in it', () => {
    expect(problemsOf({ NETSHOOT_JOB_SECRET: `${'a'.repeat(20)} ${'b'.repeat(20)}` })).toContain(
      '(it contains white space)',
    );
  });

  it('is required once NETSHOOT_POLICY is set: the error names both variables and the fix', () => {
    const config = loadConfig({ NETSHOOT_POLICY: '/etc/netshoot/policy.yaml' });
    let error: unknown;
    try {
      requireJobSecretWithPolicy(config);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/^NETSHOOT_JOB_SECRET: is not set, and NETSHOOT_POLICY is/);
    expect(message).toContain('openssl rand -hex 32');
    expect(message).toContain('on the bot and on every worker');
    expect(() =>
      requireJobSecretWithPolicy(
        loadConfig({ NETSHOOT_POLICY: '/etc/netshoot/policy.yaml', NETSHOOT_JOB_SECRET: secret }),
      ),
    ).not.toThrow();
  });

  it('stops the bot at start when a policy is set without it, beside the other problems', () => {
    expect(() => loadBotConfig({ ...botEnv, NETSHOOT_POLICY: '/etc/netshoot/policy.yaml' })).toThrow(
      /^NETSHOOT_JOB_SECRET: is not set, and NETSHOOT_POLICY is/m,
    );
    let error: unknown;
    try {
      loadBotConfig({ NETSHOOT_POLICY: '/etc/netshoot/policy.yaml', NETSHOOT_JOB_SECRET: 'too-short' });
    } catch (caught) {
      error = caught;
    }
    // A secret that is set but refused is reported as refused, not also as "not set".
    const problems = (error as ConfigError).problems.filter(
      (problem) => problem.variable === 'NETSHOOT_JOB_SECRET',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the value is not valid/);
  });
});
