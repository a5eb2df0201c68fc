import type { Db } from "./db.ts";

// Readiness for a load balancer or an orchestrator: the database answers, and the alert outbox is
// moving. Liveness stays /healthz, which needs nothing but the event loop.

export interface Readiness {
  ready: boolean;
  database: "ok" | "unavailable";
  /** Seconds the oldest due alert has waited; null when none is due. */
  oldestDueAlertSeconds: number | null;
}

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);

/**
 * `stuckAfterMs`: an alert due for longer than this means the sender is stuck (a broadcast to
 * 5,000 subscribers at 25/s takes under 4 minutes, so the default leaves a wide margin).
 */
export async function checkReadiness(db: Db, { now = new Date(), stuckAfterMs = 15 * 60_000, timeoutMs = 2_000 } = {}): Promise<Readiness> {
  try {
    const oldest = await withTimeout(
      db.delivery.findFirst({ where: { status: { in: ["pending", "sending"] }, notBefore: { lte: now } }, orderBy: { notBefore: "asc" }, select: { notBefore: true } }),
      timeoutMs,
    );
    const waited = oldest ? Math.max(0, (now.getTime() - oldest.notBefore.getTime()) / 1000) : null;
    return { ready: waited === null || waited * 1000 <= stuckAfterMs, database: "ok", oldestDueAlertSeconds: waited === null ? null : Math.round(waited) };
  } catch {
    return { ready: false, database: "unavailable", oldestDueAlertSeconds: null };
  }
}
