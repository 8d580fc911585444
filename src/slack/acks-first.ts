/**
 * Work that follows an ack (enqueue, posting the queued message) waits until no command is between
 * arrival and ack and none has arrived for `quietMs`, or `maxWaitMs` at most. In a burst (an incident
 * channel where many people type at once) every ack then goes out before the slower Redis and Slack
 * calls start, so no ack queues behind another command's follow-up work. The follow-up of a lone
 * command starts `quietMs` later, which nobody sees.
 */
export interface AcksFirst {
  /** Call when a command starts towards its ack; call the returned function once it is acked. */
  begin(): () => void;
  /** Resolves once the acks are done (see above). */
  whenAcksDone(): Promise<void>;
}

export function createAcksFirst({ quietMs = 10, maxWaitMs = 250 } = {}): AcksFirst {
  let pending = 0;
  let lastArrival = 0;
  return {
    begin() {
      pending += 1;
      lastArrival = performance.now();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        pending -= 1;
      };
    },
    whenAcksDone() {
      const deadline = performance.now() + maxWaitMs;
      return new Promise((resolve) => {
        const check = () => {
          const now = performance.now();
          const quietFor = now - lastArrival;
          if ((pending === 0 && quietFor >= quietMs) || now >= deadline) {
            resolve();
            return;
          }
          setTimeout(check, pending === 0 ? Math.max(1, quietMs - quietFor) : quietMs);
        };
        check();
      });
    },
  };
}
