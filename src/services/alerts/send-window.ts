// The sends a drain has in flight, at most `size` of them. A slot is held from before a row is
// claimed ("sending") until its outcome is written, so the rows left "sending" by a crash, the ones
// resent as `resumed`, are never more than `size` messages.

export interface SendWindow {
  readonly inFlight: number;
  full(): boolean;
  /** Resolves at the next completion after this call: the drain waits on it for a free slot or chat. */
  changed(): Promise<void>;
  /** Starts a send in a slot. It must catch its own expected failures; anything else stops the drain. */
  run(send: () => Promise<void>): void;
  /** True once a send threw: the drain starts no more and rethrows after the others finish. */
  failed(): boolean;
  /** Waits for every send in flight, then rethrows the first unexpected error, if any. */
  settle(): Promise<void>;
}

export function createSendWindow(size: number): SendWindow {
  const running = new Set<Promise<void>>();
  let error: { err: unknown } | undefined;
  let notify!: () => void;
  let next = new Promise<void>((resolve) => (notify = resolve));

  const finished = () => {
    const wake = notify;
    next = new Promise<void>((resolve) => (notify = resolve));
    wake();
  };

  return {
    get inFlight() {
      return running.size;
    },
    full: () => running.size >= size,
    changed: () => next,
    run(send) {
      const task: Promise<void> = send()
        .catch((err: unknown) => void (error ??= { err }))
        .finally(() => {
          running.delete(task);
          finished();
        });
      running.add(task);
    },
    failed: () => error !== undefined,
    async settle() {
      while (running.size > 0) await Promise.all(running);
      if (error) throw error.err;
    },
  };
}
