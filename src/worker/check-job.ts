import type { CommandDefinition } from '../catalogue/define-command.js';
import { isUserError } from '../errors.js';
import { parseRequest } from '../grammar/parse-request.js';
import type { Request } from '../grammar/request.js';
import { canonicalJson, hasValidSignature } from '../queue/job-signature.js';
import type { JobData } from '../queue/job.js';

export interface JobCheckOptions {
  /** This worker's catalogue: the only tools it runs, and the grammar the text is parsed with again. */
  readonly commands: readonly CommandDefinition[];
  /** NETSHOOT_JOB_SECRET: with it every job must carry a valid signature; without it, read tools only. */
  readonly jobSecret?: string;
  /** Milliseconds since the epoch; the clock by default. */
  readonly now?: number;
}

/**
 * How old a signed job may be when a worker takes it. The replay guard (replay-guard.ts) remembers
 * a dedupe key for twice as long, so a job young enough to run always finds its claim: a copy of an
 * old signed job cannot wait out the guard.
 */
export const signedJobMaxAgeMs = 24 * 60 * 60 * 1000;

/** Why the worker will not run a job: the words its requester and the audit trail read. */
export interface JobRefusal {
  readonly reason: string;
  /** What an admin does about it, one line each. */
  readonly hints: readonly string[];
}

const sameSecretHint =
  'the bot and every worker must share one NETSHOOT_JOB_SECRET (docs/policy.md); a job written straight into Redis is never run';

/**
 * The worker's own check of a job, before anything runs (SPEC 6): the bot's doors decided, and this
 * makes sure the job is what a door decided. Redis is not a trust boundary: anyone who can write to
 * it could queue `tcpdump` for anyone, or edit the args of a queued job. Pure; the replay guard,
 * which needs Redis, is claimDedupeKey in replay-guard.ts.
 *
 * - With a secret, the job must carry the HMAC a door made over its request and authorization.
 * - Without one, nothing was decided that the worker can verify, so it runs read tools only.
 * - Always, the text the person typed is parsed again with this worker's grammar and must give the
 *   request the job carries: a door that signed the wrong thing, or a job edited before signing, is
 *   caught here, and the tool must be one this worker knows.
 */
export function checkJob(data: JobData, options: JobCheckOptions): JobRefusal | undefined {
  const { request } = data;
  const command = options.commands.find((candidate) => candidate.name === request.tool);
  if (!command) {
    return refusal(`this worker does not know the tool '${request.tool}'`, [
      'the bot and its workers may run different versions: deploy the same version to both',
    ]);
  }
  if (options.jobSecret !== undefined) {
    if (data.authorization?.signature === undefined) {
      return refusal('it was not signed by a door of this bot', [sameSecretHint]);
    }
    if (!hasValidSignature(data, options.jobSecret)) {
      // The same bytes would come from another secret: both causes are named, the operator knows which.
      return refusal('it was altered after it was signed, or signed with another NETSHOOT_JOB_SECRET', [
        sameSecretHint,
      ]);
    }
    const age = (options.now ?? Date.now()) - Date.parse(data.requestedAt);
    if (!(age <= signedJobMaxAgeMs)) {
      return refusal(`it was signed on ${data.requestedAt}, more than a day ago: run the command again`);
    }
  } else if (command.privilege === 'privileged') {
    return refusal(
      `\`${request.tool}\` is a privileged tool, and privileged tools need a signed job: set NETSHOOT_JOB_SECRET on the bot and the workers (docs/policy.md)`,
    );
  }
  return checkText(request, options.commands);
}

/** The text, parsed again, must give exactly the request the job carries. */
function checkText(request: Request, commands: readonly CommandDefinition[]): JobRefusal | undefined {
  let reparsed: Request;
  try {
    reparsed = parseRequest(asSlackSends(request.text), commands);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return refusal(`its text \`${request.text}\` does not parse: ${error.message}`);
  }
  // What was parsed here went through no Redis: a JSON round trip leaves it as the job's came back.
  const expected = JSON.parse(JSON.stringify(reparsed)) as Request;
  // A cluster the text names must be the job's; a text that names none (`default`) leaves it to the
  // door, which puts the job on the queue of the cluster it serves.
  if (expected.cluster === 'default') expected.cluster = request.cluster;
  const differing = (Object.keys({ ...expected, ...request }) as (keyof Request)[]).filter(
    (field) => canonicalJson(expected[field]) !== canonicalJson(request[field]),
  );
  if (differing.length === 0) return undefined;
  return refusal(
    `its request is not what its text \`${request.text}\` says (its ${differing.join(', ')} differ): it was changed after it was parsed`,
  );
}

/**
 * A job's text is already Slack-normalised, and normalising is not idempotent (`<x>` typed by a person
 * reaches us as `&lt;x&gt;`, and a second pass would unwrap it as a link): escaped back the way Slack
 * sends it, it parses to exactly what the door parsed.
 */
function asSlackSends(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function refusal(reason: string, hints: readonly string[] = []): JobRefusal {
  return { reason, hints };
}
