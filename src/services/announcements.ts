import { createHash } from "node:crypto";
import type { Db } from "./db.ts";
import { enqueueForAll } from "./news/enqueue.ts";

// Staff announcements travel the same outbox as news items, so they get the same guarantees
// (rate limits, retries, no loss on a crash). They hang off one pseudo-source.
const ANNOUNCEMENT_SOURCE = { url: "announcement:staff", kind: "announcement", name: "Thông báo của Sở" };
const pendingKey = (channel: string, userId: string) => `announce:${channel}:${userId}`;

/** Keeps the text a staff member wants to send until they confirm it. */
export async function holdAnnouncement(db: Db, channel: string, userId: string, text: string): Promise<void> {
  const key = pendingKey(channel, userId);
  await db.setting.upsert({ where: { key }, create: { key, value: text }, update: { value: text } });
}

export async function dropAnnouncement(db: Db, channel: string, userId: string): Promise<boolean> {
  return (await db.setting.deleteMany({ where: { key: pendingKey(channel, userId) } })).count > 0;
}

/** Queues the held announcement for every active subscriber; null when nothing was held. */
export async function confirmAnnouncement(db: Db, channel: string, userId: string, now = new Date()): Promise<number | null> {
  const held = await db.setting.findUnique({ where: { key: pendingKey(channel, userId) } });
  if (!held) return null;
  const source = await db.newsSource.upsert({ where: { url: ANNOUNCEMENT_SOURCE.url }, create: ANNOUNCEMENT_SOURCE, update: {} });
  const [firstLine, ...rest] = held.value.split("\n");
  const key = createHash("sha256").update(`${held.value}\n${now.toISOString()}`).digest("hex");
  const item = await db.newsItem.create({
    data: { sourceId: source.id, key, title: firstLine.slice(0, 200), summary: rest.join("\n").trim() || null, publishedAt: now, firstSeenAt: now },
  });
  const queued = await enqueueForAll(db, item.id, now);
  await db.setting.delete({ where: { key: held.key } });
  return queued;
}

export async function activeSubscriberCount(db: Db): Promise<number> {
  return db.subscriber.count({ where: { active: true } });
}
