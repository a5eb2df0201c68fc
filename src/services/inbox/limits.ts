/**
 * Inbound messages per user per minute. Over the limit, the first message gets one polite notice
 * and the rest are stored but not answered, until the window passes. Fixed one-minute windows keep
 * this a counter per user; memory is bounded by pruning windows that have ended.
 */
export type LimitVerdict = "ok" | "notice" | "drop";

export function createInboundLimiter({ perMinute, now = Date.now }: { perMinute: number; now?: () => number }) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastPrune = now();
  return {
    check(user: string): LimitVerdict {
      if (perMinute <= 0) return "ok";
      const t = now();
      if (t - lastPrune > 60_000) {
        for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
        lastPrune = t;
      }
      let w = windows.get(user);
      if (!w || t - w.start >= 60_000) windows.set(user, (w = { start: t, count: 0 }));
      w.count += 1;
      if (w.count <= perMinute) return "ok";
      return w.count === perMinute + 1 ? "notice" : "drop";
    },
  };
}

export const LIMIT_NOTICE = "Bạn gửi nhiều tin quá trong một phút. Tôi tạm dừng trả lời một lát, bạn vui lòng gửi lại sau ít phút nhé.";
