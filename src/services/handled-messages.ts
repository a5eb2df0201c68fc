import type { Db } from "./db.ts";

/**
 * Records that a platform message is being handled. Returns false when it already was: platforms
 * deliver at least once, and the unique key makes the check safe across restarts and processes.
 */
export async function markHandled(db: Db, channel: string, messageId: string): Promise<boolean> {
  try {
    await db.handledMessage.create({ data: { channel, messageId } });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/** Platforms redeliver within minutes or hours; ids older than this are no longer needed. */
export const HANDLED_RETENTION_DAYS = 30;

export async function pruneHandled(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - HANDLED_RETENTION_DAYS * 24 * 3600_000);
  return (await db.handledMessage.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
