/** Stops a periodic task. */
export type Stop = () => void;

/**
 * Runs `task` every `ms` milliseconds for the life of a service (purges, sweeps, heartbeats) without
 * keeping the process alive for it. A failure is handed to `onError` and the next run still happens.
 */
export function every(ms: number, task: () => unknown, onError: (err: unknown) => void): Stop {
  const run = (): void => {
    try {
      const result = task();
      if (result instanceof Promise) result.catch(onError);
    } catch (err) {
      onError(err);
    }
  };
  const timer = setInterval(run, ms);
  timer.unref();
  return () => clearInterval(timer);
}
