import type { Db } from "./db.ts";
import { parseKeywords, readList } from "./news/filters.ts";

export interface ChatRef {
  channel: string;
  chatId: string;
  userId?: string;
}

export interface SubscriberSettings {
  active: boolean;
  mode: "instant" | "digest";
  digestHour: number;
  topics: string[];
  keywords: string[];
}

const where = (chat: ChatRef) => ({ channel_chatId: { channel: chat.channel, chatId: chat.chatId } });

/**
 * Starts (or restarts) alerts for a chat. `subscribedAt` moves to now on every (re)start: only
 * items first seen after it are queued, so nobody receives the back catalogue.
 */
export async function subscribe(db: Db, chat: ChatRef, now = new Date()): Promise<"new" | "reactivated" | "already"> {
  const existing = await db.subscriber.findUnique({ where: where(chat) });
  if (existing?.active) return "already";
  await db.subscriber.upsert({
    where: where(chat),
    create: { channel: chat.channel, chatId: chat.chatId, userId: chat.userId, subscribedAt: now },
    update: { active: true, inactiveReason: null, subscribedAt: now },
  });
  return existing ? "reactivated" : "new";
}

/** Stops alerts but keeps the row and its settings; pending alerts are withdrawn. */
export async function unsubscribe(db: Db, chat: ChatRef): Promise<boolean> {
  const existing = await db.subscriber.findUnique({ where: where(chat) });
  if (!existing?.active) return false;
  await db.$transaction([
    db.subscriber.update({ where: { id: existing.id }, data: { active: false, inactiveReason: "unsubscribed" } }),
    db.delivery.updateMany({ where: { subscriberId: existing.id, status: "pending" }, data: { status: "skipped", lastError: "unsubscribed" } }),
  ]);
  return true;
}

/** The platform says the chat blocked the bot: alerts stop, the subscriber is kept for /start. */
export async function markBlocked(db: Db, chat: ChatRef, reason: string): Promise<boolean> {
  const updated = await db.subscriber.updateMany({
    where: { channel: chat.channel, chatId: chat.chatId, active: true },
    data: { active: false, inactiveReason: `blocked: ${reason}` },
  });
  return updated.count > 0;
}

/** A chat that had blocked the bot and now writes to it again gets its alerts back (/start). */
export async function reactivateIfBlocked(db: Db, chat: ChatRef, now = new Date()): Promise<boolean> {
  const existing = await db.subscriber.findUnique({ where: where(chat) });
  if (!existing || existing.active || existing.inactiveReason === "unsubscribed") return false;
  await db.subscriber.update({ where: { id: existing.id }, data: { active: true, inactiveReason: null, subscribedAt: now } });
  return true;
}

export async function getSettings(db: Db, chat: ChatRef): Promise<SubscriberSettings | null> {
  const s = await db.subscriber.findUnique({ where: where(chat) });
  if (!s) return null;
  return { active: s.active, mode: s.mode === "digest" ? "digest" : "instant", digestHour: s.digestHour, topics: readList(s.topics), keywords: readList(s.keywords) };
}

export type SettingsChange = { kind: "instant" } | { kind: "digest"; hour: number } | { kind: "topics"; topics: string[] } | { kind: "keywords"; text: string };

/** Applies one change; throws KeywordError (with a Vietnamese message) for unusable keywords. */
export async function changeSettings(db: Db, chat: ChatRef, change: SettingsChange): Promise<SubscriberSettings> {
  const data =
    change.kind === "instant"
      ? { mode: "instant" }
      : change.kind === "digest"
        ? { mode: "digest", digestHour: change.hour }
        : change.kind === "topics"
          ? { topics: JSON.stringify(change.topics) }
          : { keywords: JSON.stringify(parseKeywords(change.text)) };
  await db.subscriber.update({ where: where(chat), data });
  return (await getSettings(db, chat))!;
}

/** Topics offered in the settings: the categories of the configured sources. */
export async function availableTopics(db: Db): Promise<string[]> {
  const rows = await db.newsSource.findMany({ where: { topic: { not: null }, kind: { not: "announcement" } }, select: { topic: true }, distinct: ["topic"] });
  return rows.map((r) => r.topic!).sort((a, b) => a.localeCompare(b, "vi"));
}

export async function latestItems(db: Db, count = 5) {
  return db.newsItem.findMany({
    where: { source: { kind: { not: "announcement" } } },
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { firstSeenAt: "desc" }],
    take: count,
  });
}

/** The newest stored reports, for when no news source has been crawled yet. */
export async function latestReports(db: Db, count = 5) {
  return db.report.findMany({ orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }], take: count, select: { title: true, url: true, publishedAt: true } });
}
