import type { Db } from "../db.ts";
import { newSecret, sha256 } from "./secrets.ts";

// One-time sign-in links for the staff console: a staff member sends /quantri to the bot and gets
// a link valid for 10 minutes, that works once.

export const LOGIN_TOKEN_MINUTES = 10;
/** Used and expired tokens are kept a day (for the record), then removed when the next one is issued. */
const KEEP_MS = 24 * 3600_000;

/** Issues a token for `staffId` ("channel:userId") and returns it; only its hash is stored. */
export async function issueLoginToken(db: Db, staffId: string, now = new Date()): Promise<string> {
  const token = newSecret();
  await db.consoleLoginToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  await db.consoleLoginToken.create({
    data: { tokenHash: sha256(token), staffId, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_TOKEN_MINUTES * 60_000) },
  });
  return token;
}

/**
 * Spends a token: the staff id it was issued to, or null when it is unknown, used or expired.
 * One conditional UPDATE marks it used, so two simultaneous uses cannot both succeed.
 */
export async function consumeLoginToken(db: Db, token: string, now = new Date()): Promise<string | null> {
  const tokenHash = sha256(token);
  const { count } = await db.consoleLoginToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) return null;
  const row = await db.consoleLoginToken.findUnique({ where: { tokenHash }, select: { staffId: true } });
  return row?.staffId ?? null;
}
