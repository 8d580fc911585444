import { z } from 'zod';
import { parseDuration } from '../grammar/duration.js';
import { isRedisUrl } from '../queue/redis-options.js';

/**
 * SPEC 2's environment, parsed once at start-up. A bad value stops the process with a ConfigError
 * that names the variable and says what to write instead (probot's get-error-handler does the same
 * for a wrong secret), instead of failing later, far from the cause.
 *
 * An empty value counts as unset: docker-compose and Kubernetes manifests often carry `FOO=`.
 * To add a variable: one entry in `variables` below, with a `fix` sentence.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Every variable that was wrong, so one start-up reports them all. */
    readonly problems: readonly {
      readonly variable: string;
      readonly message: string;
    }[],
  ) {
    super(problems.map((problem) => `${problem.variable}: ${problem.message}`).join('\n'));
  }
}

/**
 * The toolbox image built from image/Dockerfile, pinned to this package's version (a unit test keeps
 * the two equal; a constant rather than a JSON import keeps dist/ free of package.json paths).
 */
export const defaultNetshootImage = 'netshoot-bot/netshoot:0.1.0';

/** Slack's signing secrets are 32 hex digits; shorter test secrets are fine, a fragment is not. */
const minimumSigningSecretLength = 8;

/**
 * NETSHOOT_JOB_SECRET is an HMAC-SHA256 key (src/queue/job-signature.ts): 32 characters is the least
 * that `openssl rand -hex 32` style secrets comfortably exceed, and short keys can be guessed offline
 * from one signed job read out of Redis.
 */
export const minimumJobSecretLength = 32;

const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function url(protocols: readonly string[]): z.ZodType<string> {
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      // dropped: a value that does not parse as a URL is simply not one; zod says which variable.
      return false;
    }
  });
}

function prefixed(prefix: string): z.ZodType<string> {
  return z.string().refine((value) => value.startsWith(prefix) && value.length > prefix.length);
}

function integer(min: number, max: number): z.ZodType<number> {
  return z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Each variable: its schema (applied to the string, or to the default when unset) and how to fix it. */
const variables = {
  REDIS_URL: {
    // Not a secret as such, but the URL may carry a password.
    secret: true,
    schema: z.string().refine(isRedisUrl),
    default: 'redis://127.0.0.1:6379',
    fix: 'write a Redis URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0; for Sentinel redis+sentinel://host1:26379,host2:26379/mymaster, for a Cluster redis+cluster://host1:7000,host2:7001 (docs/operations.md)',
  },
  SLACK_SIGNING_SECRET: {
    secret: true,
    schema: z.string().regex(/^\S+$/).min(minimumSigningSecretLength),
    // Its length says nothing usable about the secret, and a pasted half is the usual mistake.
    explain: (value: string) =>
      /\s/.test(value)
        ? 'it contains white space'
        : `${value.length} characters; it needs at least ${minimumSigningSecretLength}, and Slack's have 32`,
    fix: "copy the Signing Secret from your Slack app's Basic Information page (no spaces)",
  },
  SLACK_BOT_TOKEN: {
    secret: true,
    schema: prefixed('xoxb-'),
    fix: "copy the Bot User OAuth Token (it starts with xoxb-) from your Slack app's OAuth & Permissions page",
  },
  SLACK_APP_TOKEN: {
    secret: true,
    schema: prefixed('xapp-'),
    fix: "create an app-level token with connections:write (it starts with xapp-) on your Slack app's Basic Information page, or unset it to use HTTP mode",
  },
  SLACK_API_URL: {
    schema: url(['http:', 'https:']).transform((value) => (value.endsWith('/') ? value : `${value}/`)),
    default: 'https://slack.com/api/',
    fix: 'write an http(s) URL such as https://slack.com/api/',
  },
  NETSHOOT_IMAGE: {
    schema: z.string().regex(/^[a-z0-9][a-z0-9._/:@-]*$/i),
    default: defaultNetshootImage,
    fix: `write an image reference such as ${defaultNetshootImage} or registry.example.com/netshoot:1.2`,
  },
  NETSHOOT_EXECUTOR: {
    schema: z.enum(['docker', 'kubernetes', 'local']),
    default: 'docker',
    fix: 'write docker, kubernetes or local',
  },
  NETSHOOT_SESSION_IDLE: {
    // Unset means the executors' own default (5m): how long an unused toolbox session stays.
    schema: z
      .string()
      .regex(/^0*[1-9]\d{0,6}(ms|s|m|h)?$/)
      .transform((value) => parseDuration(value)),
    fix: 'write a duration such as 5m, 90s or 1h: how long an idle toolbox session is kept',
  },
  NETSHOOT_CLUSTER: {
    schema: z.string().regex(dns1123Label),
    default: 'default',
    fix: 'write a DNS label: lower-case letters, digits and -, at most 63 characters, such as prod-eu',
  },
  NETSHOOT_NAMESPACE: {
    // The kubernetes executor's own namespace, where node toolbox pods live. Unset: the worker pod's
    // own namespace when in a cluster, else `netshoot`.
    schema: z.string().regex(dns1123Label),
    fix: 'write the namespace the worker runs in, such as netshoot',
  },
  NETSHOOT_KUBE_CONTEXT: {
    // Unset: the kubeconfig's current context, or the in-cluster ServiceAccount.
    schema: z.string().regex(/^[A-Za-z0-9@:._/-]{1,253}$/),
    fix: 'write a context name from your kubeconfig (kubectl config get-contexts), or unset it',
  },
  NETSHOOT_POLICY: {
    schema: z.string().min(1),
    fix: 'write the path of the policy YAML file (docs/policy.md; check it with `netshoot-bot policy check FILE`), or unset it for the built-in policy: read tools for everyone, privileged tools for nobody',
  },
  NETSHOOT_AUDIT_CHANNEL: {
    // Unset: the audit trail is the JSON log and the Redis Stream only (docs/audit.md).
    schema: z.string().regex(/^(?:[CG][A-Z0-9]{6,}|#[a-z0-9][a-z0-9._-]{0,79})$/),
    fix: "write the channel's ID (such as C0123ABCD, from the channel's details in Slack) or its name with # (#netshoot-audit), and invite the bot to it",
  },
  NETSHOOT_JOB_SECRET: {
    // The bot signs each job's request and decision with it; workers refuse jobs it did not sign
    // (SPEC 6, docs/policy.md). Required once NETSHOOT_POLICY is set: see jobSecretProblems.
    secret: true,
    schema: z.string().regex(/^\S+$/).min(minimumJobSecretLength),
    explain: (value: string) =>
      /\s/.test(value)
        ? 'it contains white space'
        : `${value.length} characters; it needs at least ${minimumJobSecretLength}`,
    fix: 'write a random key of at least 32 characters, such as the output of `openssl rand -hex 32`, and set the same value on the bot and on every worker: it is the HMAC key that signs jobs',
  },
  WORKER_CONCURRENCY: {
    schema: integer(1, 256),
    default: '4',
    fix: 'write a whole number from 1 to 256',
  },
  LOG_LEVEL: {
    schema: z.enum(logLevels),
    default: 'info',
    fix: `write one of ${logLevels.join(', ')}`,
  },
  PORT: {
    schema: integer(1, 65535),
    default: '3000',
    fix: 'write a TCP port number from 1 to 65535',
  },
  NETSHOOT_CLUSTER_KNOWN_FOR: {
    // How long after this worker last announced its cluster the bot still queues `--cluster X` for it
    // (src/queue/clusters.ts): a minute by default; days for workers that scale to zero (KEDA), whose
    // queue wakes them only if the bot queues the job.
    schema: z
      .string()
      .regex(/^0*[1-9]\d{0,4}(ms|s|m|h)?$/)
      .transform((value) => parseDuration(value)),
    fix: 'write a duration such as 60s, 12h or 168h: how long the bot keeps queueing jobs for this cluster after its last worker stopped',
  },
  NETSHOOT_WORKER_GRACE: {
    // On SIGTERM a worker takes no new job and its running ones get this long to finish; a job still
    // running then is cut short and reported (docs/operations.md, "Rolling upgrades"). The stop after it
    // takes up to 25 s more (tools printing their summary, the report, toolboxes removed), which is why
    // deploy/base/worker.yaml and docker-compose.yml give the process 60 s in all.
    schema: z
      .string()
      .regex(/^0*[1-9]\d{0,6}(ms|s|m)?$/)
      .transform((value) => parseDuration(value)),
    default: '25s',
    fix: "write a duration such as 25s or 1m: how long running jobs may go on after SIGTERM; keep it 35 s below the pod's terminationGracePeriodSeconds (compose: stop_grace_period)",
  },
  NETSHOOT_WORKER_METRICS_PORT: {
    // The worker's own /metrics and /healthz (src/main/worker-metrics-server.ts); the bot's are on PORT.
    schema: integer(0, 65535),
    default: '9464',
    fix: "write a TCP port number from 1 to 65535 for the worker's /metrics and /healthz, or 0 to serve none",
  },
} as const satisfies Record<
  string,
  {
    schema: z.ZodType;
    default?: string;
    fix: string;
    secret?: boolean;
    /** What is wrong with a refused value, when more can be said than "not valid". */
    explain?: (value: string) => string;
  }
>;

type Variables = typeof variables;
type Value<Name extends keyof Variables> = z.output<Variables[Name]['schema']>;

/** The parsed configuration: defaulted variables are always present, the others may be undefined. */
export type Config = {
  readonly [Name in keyof Variables]: Variables[Name] extends {
    default: string;
  }
    ? Value<Name>
    : Value<Name> | undefined;
};

type Problem = ConfigError['problems'][number];

/** Reads and checks every variable; throws one ConfigError listing all the bad ones. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { config, problems } = parseVariables(env);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * For `bot` and `all`: the whole configuration, the Slack connection its mode needs and the job
 * secret a policy needs, checked before anything starts. One ConfigError lists every bad or missing
 * variable, so a first start without .env names all the Slack values at once instead of one per restart.
 */
export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): {
  config: Config;
  connection: SlackConnection;
} {
  const { config, problems } = parseVariables(env);
  // A variable that is set but refused is already listed; "not set" would contradict that.
  const refused = new Set(problems.map((problem) => problem.variable));
  const missing = [...slackProblems(config), ...jobSecretProblems(config)].filter(
    (problem) => !refused.has(problem.variable),
  );
  if (problems.length > 0 || missing.length > 0) throw new ConfigError([...problems, ...missing]);
  return { config, connection: slackConnection(config) };
}

function parseVariables(env: NodeJS.ProcessEnv): { config: Config; problems: Problem[] } {
  const config: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [name, variable] of Object.entries(variables) as [string, Variables[keyof Variables]][]) {
    const given = env[name];
    const text = given === undefined || given.trim() === '' ? undefined : given.trim();
    const source = text ?? ('default' in variable ? variable.default : undefined);
    if (source === undefined) continue;
    const parsed = (variable.schema as z.ZodType).safeParse(source);
    if (parsed.success) {
      config[name] = parsed.data;
    } else {
      // Secrets are never echoed: the message goes to logs.
      const shown = 'secret' in variable ? 'the value' : `'${shorten(source)}'`;
      const why = 'explain' in variable ? ` (${variable.explain(source)})` : '';
      problems.push({
        variable: name,
        message: `${shown} is not valid${why}: ${variable.fix}`,
      });
    }
  }
  return { config: config as Config, problems };
}

/**
 * A policy decides who may run privileged tools, and the workers can only trust that decision when
 * the bot signs it: a policy without NETSHOOT_JOB_SECRET would let anyone who can write to Redis run
 * tcpdump. `loadBotConfig` checks it; other doors (`run` with a policy) call this.
 */
export function requireJobSecretWithPolicy(config: Config): void {
  const problems = jobSecretProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}

function jobSecretProblems(config: Config): Problem[] {
  if (config.NETSHOOT_POLICY === undefined || config.NETSHOOT_JOB_SECRET !== undefined) return [];
  return [
    {
      variable: 'NETSHOOT_JOB_SECRET',
      message: `is not set, and NETSHOOT_POLICY is: the workers run privileged tools only for jobs the bot signed with this secret; ${variables.NETSHOOT_JOB_SECRET.fix} (docs/policy.md)`,
    },
  ];
}

/** How the Slack app connects: Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise (SPEC 2). */
export type SlackConnection =
  | {
      readonly mode: 'socket';
      readonly appToken: string;
      readonly botToken: string;
      readonly signingSecret?: string;
    }
  | {
      readonly mode: 'http';
      readonly signingSecret: string;
      readonly botToken: string;
    };

/** For `bot` and `all`: the Slack variables that mode needs, or a ConfigError naming the missing ones. */
export function slackConnection(config: Config): SlackConnection {
  const problems = slackProblems(config);
  const botToken = config.SLACK_BOT_TOKEN;
  if (problems.length > 0 || botToken === undefined) throw new ConfigError(problems);
  if (config.SLACK_APP_TOKEN !== undefined) {
    return {
      mode: 'socket',
      appToken: config.SLACK_APP_TOKEN,
      botToken,
      signingSecret: config.SLACK_SIGNING_SECRET,
    };
  }
  if (config.SLACK_SIGNING_SECRET === undefined) throw new ConfigError(problems);
  return { mode: 'http', signingSecret: config.SLACK_SIGNING_SECRET, botToken };
}

/** The Slack variables the chosen mode needs and does not have. */
function slackProblems(config: Config): Problem[] {
  const missing = (variable: string, why: string) => ({
    variable,
    message: `is not set: ${why}`,
  });
  const needsSecret = config.SLACK_APP_TOKEN === undefined && config.SLACK_SIGNING_SECRET === undefined;
  return [
    ...(needsSecret
      ? [
          missing(
            'SLACK_SIGNING_SECRET',
            `${variables.SLACK_SIGNING_SECRET.fix}; or set SLACK_APP_TOKEN for Socket Mode`,
          ),
        ]
      : []),
    ...(config.SLACK_BOT_TOKEN === undefined
      ? [missing('SLACK_BOT_TOKEN', variables.SLACK_BOT_TOKEN.fix)]
      : []),
  ];
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}
