// Measures whether the main thread stays responsive while some work is awaited: a timer set to
// tick every 50 ms records the longest gap between its ticks.
export interface Responsiveness<T> {
  outcome: PromiseSettledResult<T>;
  /** The longest the event loop went without running the timer, in ms. */
  maxGapMs: number;
  ticks: number;
  elapsedMs: number;
}

export async function whileAwaiting<T>(work: () => Promise<T>): Promise<Responsiveness<T>> {
  const started = performance.now();
  let last = started;
  let maxGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 50);
  const [outcome] = await Promise.allSettled([work()]);
  clearInterval(timer);
  const end = performance.now();
  return { outcome, maxGapMs: Math.max(maxGapMs, end - last), ticks, elapsedMs: end - started };
}

/** The rejection reason of a settled outcome (fails the test when it was fulfilled). */
export function rejection(outcome: PromiseSettledResult<unknown>): Error {
  if (outcome.status === "fulfilled") throw new Error("expected a rejection, got a value");
  return outcome.reason as Error;
}
