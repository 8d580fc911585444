/** The first SIGTERM or SIGINT, listened for until it comes or `dispose` is called. */
export interface StopSignal {
  readonly received: Promise<NodeJS.Signals>;
  dispose(): void;
}

/**
 * Long-running commands stop gracefully on SIGTERM or SIGINT. They listen from before they start:
 * a worker may run a queued job as soon as it connects, so a signal during start-up must wait for
 * the start to finish and then stop gracefully, not kill the process in the middle of that job.
 * The starts are bounded (Redis and Slack checks give up in seconds).
 */
export function listenForStopSignal(): StopSignal {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const dispose = () => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    stop = (signal) => {
      dispose();
      resolve(signal);
    };
  });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { received, dispose };
}
