// Counts of the outbox by row state, for staff (/stats) and the benchmark.
import type { Db } from "../db.ts";
import { listPauses } from "./channels.ts";
import type { AlertChannel } from "./format.ts";

export interface OutboxStats {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Rows resent after a crash: each may have reached its subscriber twice. */
  resumed: number;
  total: number;
  /** Channels paused by a long 429, with the ISO time they resume. */
  paused: Partial<Record<AlertChannel, string>>;
}

export async function outboxStats(db: Db): Promise<OutboxStats> {
  const [groups, resumed, pauses] = await Promise.all([
    db.delivery.groupBy({ by: ["status"], _count: { _all: true } }),
    db.delivery.count({ where: { resumed: true } }),
    listPauses(db),
  ]);
  const by = Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Record<string, number>;
  const paused: OutboxStats["paused"] = {};
  for (const p of pauses) if (p.until.getTime() > Date.now()) paused[p.channel as AlertChannel] = p.until.toISOString();
  const count = (s: string) => by[s] ?? 0;
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  return { pending: count("pending"), sending: count("sending"), sent: count("sent"), failed: count("failed"), skipped: count("skipped"), resumed, total, paused };
}
