import { Counter, Histogram, type Registry } from 'prom-client';

export type CommandOutcome =
  | 'accepted'
  | 'duplicate'
  | 'invalid'
  | 'forbidden'
  /** The policy wants an approver: handed to the approvals (src/slack/approvals/). */
  | 'approval'
  | 'meta'
  | 'retry'
  | 'error';

export interface SlackMetrics {
  countCommand(outcome: CommandOutcome): void;
  /**
   * From the request's arrival (request-arrival.ts) to the ack: what SPEC 5's three seconds are
   * measured against.
   */
  observeAck(seconds: number): void;
}

export function createSlackMetrics(registry: Registry): SlackMetrics {
  const commands = new Counter({
    name: 'netshoot_slack_commands_total',
    help: 'Slash commands by what became of them',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const ack = new Histogram({
    name: 'netshoot_slack_ack_seconds',
    help: "Time from a slash command's arrival to its ack: HTTP from the request reaching the server (headers read, body still to come), Socket Mode from the envelope's dispatch; Slack's 3 s count from its send",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    countCommand: (outcome) => commands.inc({ outcome }),
    observeAck: (seconds) => ack.observe(seconds),
  };
}
