import { z } from 'zod';
import { requestSchema } from '../grammar/request.js';

/** Who asked, and where the answer goes. Slack's message coordinates arrive once posted. */
export const jobOriginSchema = z.discriminatedUnion('via', [
  z.strictObject({
    via: z.literal('slack'),
    teamId: z.string(),
    channelId: z.string(),
    userId: z.string(),
    userName: z.string().optional(),
    /** The slash command's response_url, for ephemeral replies to the requester. */
    responseUrl: z.string().optional(),
    /** The channel-visible "queued" message that is updated as the job moves (SPEC 5). */
    messageTs: z.string().optional(),
  }),
  z.strictObject({ via: z.literal('cli'), user: z.string() }),
]);

/**
 * What a door decided for the job (SPEC 6): who it decided for, at which door, by which rule, who
 * approved it. The worker checks it again: `signature` is an HMAC with NETSHOOT_JOB_SECRET over the
 * request, the origin and this authorization (src/queue/job-signature.ts); a worker with a secret
 * refuses a job without a valid one, and without a secret it runs only read tools.
 */
export const jobAuthorizationSchema = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('slack'), userId: z.string(), channelId: z.string() }),
    z.strictObject({ kind: z.literal('operator'), name: z.string() }),
  ]),
  door: z.enum(['slash-command', 'rerun', 'approval', 'run', 'run-remote']),
  /** The policy rule that allowed it (or that required the approval it got). */
  rule: z.string(),
  /** The Slack user who approved it, for rules that require approval. */
  approvedBy: z.string().optional(),
  /** The person's Kubernetes identity when the policy maps it: a SubjectAccessReview checks it. */
  kubernetes: z.strictObject({ user: z.string().optional(), groups: z.array(z.string()) }).optional(),
  /** Hex HMAC-SHA256; absent when the door had no NETSHOOT_JOB_SECRET. */
  signature: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

/**
 * What a BullMQ job carries. Versioned: a worker refuses a version it does not know instead of
 * guessing. `dedupeKey` (Slack's trigger_id, or a CLI nonce) makes the job id deterministic, so a
 * retried request never runs twice.
 */
export const jobDataSchema = z.strictObject({
  version: z.literal(1),
  request: requestSchema,
  origin: jobOriginSchema,
  dedupeKey: z.string().min(1),
  requestedAt: z.string(),
  /** Absent only in jobs from before policies, or written by hand: the worker runs read tools at most. */
  authorization: jobAuthorizationSchema.optional(),
});

export type JobAuthorization = z.infer<typeof jobAuthorizationSchema>;
export type JobOrigin = z.infer<typeof jobOriginSchema>;
export type JobData = z.infer<typeof jobDataSchema>;
