import type { Db } from "../db.ts";
import { newSecret, sha256 } from "./secrets.ts";

// Staff console sessions: the cookie holds a random id, the table its hash, an owner, an expiry
// and the CSRF token the session's forms carry.

export const SESSION_HOURS = 8;

export interface ConsoleSession {
  staffId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opens a session; returns the cookie value (never stored) with the session. */
export async function openSession(db: Db, staffId: string, now = new Date()): Promise<{ id: string; session: ConsoleSession }> {
  const id = newSecret();
  const session = { staffId, csrfToken: newSecret(), expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000) };
  await db.consoleSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.consoleSession.create({ data: { idHash: sha256(id), createdAt: now, ...session } });
  return { id, session };
}

/** The live session behind a cookie value, or null (unknown or expired). */
export async function findSession(db: Db, id: string, now = new Date()): Promise<ConsoleSession | null> {
  const row = await db.consoleSession.findUnique({ where: { idHash: sha256(id) } });
  if (!row || row.expiresAt <= now) return null;
  return { staffId: row.staffId, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function closeSession(db: Db, id: string): Promise<void> {
  await db.consoleSession.deleteMany({ where: { idHash: sha256(id) } });
}
