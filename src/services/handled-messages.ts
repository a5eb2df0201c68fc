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
