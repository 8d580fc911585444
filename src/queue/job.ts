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
});

export type JobOrigin = z.infer<typeof jobOriginSchema>;
export type JobData = z.infer<typeof jobDataSchema>;
