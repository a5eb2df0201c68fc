import type { Db } from "../db.ts";

// What the staff console's overview shows, read from the tables the bot already keeps: subscribers,
// the alert outbox, the news sources' health and the inbox (each message keeps the intent it was
// answered with). Plain data; the web layer decides how it looks.

export const OVERVIEW_DAYS = 7;
/** Intents that mean the user did not get what they asked for (as in /metrics). */
export const UNANSWERED_INTENTS = { outOfScope: "out_of_scope", noFigure: "figure_none" } as const;

export interface SubscriberCounts {
  channel: string;
  active: number;
  inactive: number;
}

/** Alerts queued in the window, by their state now. `pending` includes those being sent. */
export interface AlertCounts {
  channel: string;
  sent: number;
  failed: number;
  pending: number;
  skipped: number;
}

export interface SourceHealth {
  name: string;
  url: string;
  kind: string;
  lastOkAt: Date | null;
  lastFetchedAt: Date | null;
  lastItemCount: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** Set while the source is backed off after failures: no fetch before this time. */
  backoffUntil: Date | null;
}

export interface Overview {
  since: Date;
  subscribers: SubscriberCounts[];
  alerts: AlertCounts[];
  sources: SourceHealth[];
  /** Questions received in the window, by the intent they were answered with, most frequent first. */
  questions: { intent: string; count: number }[];
  questionTotal: number;
  unanswered: { outOfScope: number; noFigure: number };
}

export async function readOverview(db: Db, now = new Date()): Promise<Overview> {
  const since = new Date(now.getTime() - OVERVIEW_DAYS * 24 * 3600_000);
  const [subscribers, alerts, sources, questions] = await Promise.all([subscriberCounts(db), alertCounts(db, since), sourceHealth(db, now), questionCounts(db, since)]);
  const countOf = (intent: string) => questions.find((q) => q.intent === intent)?.count ?? 0;
  return {
    since,
    subscribers,
    alerts,
    sources,
    questions,
    questionTotal: questions.reduce((sum, q) => sum + q.count, 0),
    unanswered: { outOfScope: countOf(UNANSWERED_INTENTS.outOfScope), noFigure: countOf(UNANSWERED_INTENTS.noFigure) },
  };
}

async function subscriberCounts(db: Db): Promise<SubscriberCounts[]> {
  const groups = await db.subscriber.groupBy({ by: ["channel", "active"], _count: { _all: true }, orderBy: { channel: "asc" } });
  const byChannel = new Map<string, SubscriberCounts>();
  for (const g of groups) {
    const row = byChannel.get(g.channel) ?? { channel: g.channel, active: 0, inactive: 0 };
    row[g.active ? "active" : "inactive"] += g._count._all;
    byChannel.set(g.channel, row);
  }
  return [...byChannel.values()];
}

async function alertCounts(db: Db, since: Date): Promise<AlertCounts[]> {
  // A channel has few subscribers' worth of groups: one grouped count per channel that has any.
  const channels = (await db.subscriber.findMany({ distinct: ["channel"], select: { channel: true }, orderBy: { channel: "asc" } })).map((s) => s.channel);
  const rows = await Promise.all(
    channels.map(async (channel) => {
      const groups = await db.delivery.groupBy({ by: ["status"], where: { createdAt: { gte: since }, subscriber: { channel } }, _count: { _all: true } });
      const count = (...statuses: string[]) => groups.filter((g) => statuses.includes(g.status)).reduce((sum, g) => sum + g._count._all, 0);
      return { channel, sent: count("sent"), failed: count("failed"), pending: count("pending", "sending"), skipped: count("skipped") };
    }),
  );
  return rows.filter((r) => r.sent + r.failed + r.pending + r.skipped > 0);
}

async function sourceHealth(db: Db, now: Date): Promise<SourceHealth[]> {
  const sources = await db.newsSource.findMany({ where: { kind: { not: "announcement" } }, orderBy: { id: "asc" } });
  return sources.map((s) => ({
    name: s.name ?? s.url,
    url: s.url,
    kind: s.kind,
    lastOkAt: s.lastOkAt,
    lastFetchedAt: s.lastFetchedAt,
    lastItemCount: s.lastItemCount,
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError,
    backoffUntil: s.consecutiveFailures > 0 && s.nextFetchAt && s.nextFetchAt > now ? s.nextFetchAt : null,
  }));
}

async function questionCounts(db: Db, since: Date): Promise<{ intent: string; count: number }[]> {
  const groups = await db.inboundMessage.groupBy({ by: ["intent"], where: { receivedAt: { gte: since }, intent: { not: null } }, _count: { _all: true } });
  return groups.map((g) => ({ intent: g.intent!, count: g._count._all })).sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent));
}
