import { z } from 'zod';
import { targetRefSchema } from './target.js';

/** The bot's own options (SPEC 3), apart from the tool's flags. */
export const requestOptionsSchema = z.strictObject({
  /** Already checked against the tool's maximum. */
  timeoutMs: z.number().int().positive(),
  /** Keep only output lines that contain this text. */
  grep: z.string().optional(),
  /** No parsed summary, raw output only. */
  raw: z.boolean(),
  /** Attach the full output as a file. */
  file: z.boolean(),
  /** tcpdump: capture to a file that is uploaded. */
  pcap: z.boolean(),
});

/**
 * A parsed, validated command line: what the grammar produces and what a job carries. `args` is the
 * output of the tool's zod schema and may hold TargetRefs where a destination was written as a target.
 */
export const requestSchema = z.strictObject({
  tool: z.string(),
  /** Where the tool runs: one target, two for two-party tools (server first), none for calicoctl. */
  targets: z.array(targetRefSchema).max(2),
  args: z.record(z.string(), z.unknown()),
  /** Kubernetes namespace for the targets; `default` unless -n / --namespace says otherwise. */
  namespace: z.string(),
  /** The cluster whose workers run it; `default` unless --cluster says otherwise. */
  cluster: z.string(),
  options: requestOptionsSchema,
  /** The command line after Slack normalisation, for messages, audit and rerun. */
  text: z.string(),
});

export type Request = z.infer<typeof requestSchema>;
export type RequestOptions = z.infer<typeof requestOptionsSchema>;
