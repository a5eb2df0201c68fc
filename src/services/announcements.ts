import { createHash } from "node:crypto";
import type { Db } from "./db.ts";
import { enqueueForAll } from "./news/enqueue.ts";

// Staff announcements travel the same outbox as news items, so they get the same guarantees
// (rate limits, retries, no loss on a crash). They hang off one pseudo-source.
const ANNOUNCEMENT_SOURCE = { url: "announcement:staff", kind: "announcement", name: "Thông báo của Sở" };

/** Keeps the text a staff member wants to send until they confirm it; it replaces an earlier draft. */
export async function holdAnnouncement(db: Db, channel: string, userId: string, text: string): Promise<void> {
  await db.announcementDraft.upsert({ where: { channel_userId: { channel, userId } }, create: { channel, userId, text }, update: { text, createdAt: new Date() } });
}

export async function dropAnnouncement(db: Db, channel: string, userId: string): Promise<boolean> {
  return (await db.announcementDraft.deleteMany({ where: { channel, userId } })).count > 0;
}

/** Queues the held announcement for every active subscriber; null when nothing was held. */
export async function confirmAnnouncement(db: Db, channel: string, userId: string, now = new Date()): Promise<number | null> {
  const held = await db.announcementDraft.findUnique({ where: { channel_userId: { channel, userId } } });
  if (!held) return null;
  const source = await db.newsSource.upsert({ where: { url: ANNOUNCEMENT_SOURCE.url }, create: ANNOUNCEMENT_SOURCE, update: {} });
  const [firstLine, ...rest] = held.text.split("\n");
  const key = createHash("sha256").update(`${held.text}\n${now.toISOString()}`).digest("hex");
  const item = await db.newsItem.create({
    data: { sourceId: source.id, key, title: firstLine.slice(0, 200), summary: rest.join("\n").trim() || null, publishedAt: now, firstSeenAt: now },
  });
  const queued = await enqueueForAll(db, item.id, now);
  await db.announcementDraft.delete({ where: { channel_userId: { channel, userId } } });
  return queued;
}

export async function activeSubscriberCount(db: Db): Promise<number> {
  return db.subscriber.count({ where: { active: true } });
}
