import type { Db } from "./db.ts";
import { createBroadcast, queueBroadcast } from "./broadcasts/queue.ts";

// Staff announcements by chat (/guitin) are broadcasts to every subscriber, sent now: the same
// service as the console's (services/broadcasts/), through the same outbox, so they get the same
// guarantees (rate limits, retries, no loss on a crash) and show in the console's list.

/** Keeps the text a staff member wants to send until they confirm it; it replaces an earlier draft. */
export async function holdAnnouncement(db: Db, channel: string, userId: string, text: string): Promise<void> {
  await db.announcementDraft.upsert({ where: { channel_userId: { channel, userId } }, create: { channel, userId, text }, update: { text, createdAt: new Date() } });
}

export async function dropAnnouncement(db: Db, channel: string, userId: string): Promise<boolean> {
  return (await db.announcementDraft.deleteMany({ where: { channel, userId } })).count > 0;
}

/** Queues the held announcement for every active subscriber; null when nothing was held. */
export async function confirmAnnouncement(db: Db, channel: string, userId: string, now = new Date()): Promise<number | null> {
  // The draft becomes a broadcast in one transaction: a double tap on "Gửi" finds no draft, and a
  // crash leaves either the draft or a due broadcast (which the broadcast job queues).
  const id = await db.$transaction(async (tx) => {
    const held = await tx.announcementDraft.findUnique({ where: { channel_userId: { channel, userId } } });
    if (!held) return null;
    await tx.announcementDraft.delete({ where: { channel_userId: { channel, userId } } });
    return (await createBroadcast(tx, { text: held.text, audience: {}, scheduledAt: null, createdBy: `${channel}:${userId}` }, now)).id;
  });
  if (id === null) return null;
  // Null only when the broadcast job queued it in between: the rows exist either way.
  return (await queueBroadcast(db, id, now)) ?? (await db.broadcast.findUniqueOrThrow({ where: { id } })).queuedCount ?? 0;
}

export async function activeSubscriberCount(db: Db): Promise<number> {
  return db.subscriber.count({ where: { active: true } });
}
