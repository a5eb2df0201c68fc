import { chmodSync, mkdirSync, readdirSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import type { Db } from "./db.ts";

// Consistent copies of the SQLite database. `VACUUM INTO` writes a complete, compacted database from
// one read transaction, so a copy taken while the service writes is never half of two states (a
// plain file copy without the -wal file can be), and it needs no extra tool on the server.

const NAME = /^bot-(\d{8})-(\d{6})\.db$/;
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

export interface BackupResult {
  file: string;
  bytes: number;
  /** Older copies removed because they passed `keepDays`. */
  removed: string[];
}

export async function backupDatabase(db: Db, { dir, keepDays, now = new Date() }: { dir: string; keepDays: number; now?: Date }): Promise<BackupResult> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `bot-${stamp(now)}.db`);
  // VACUUM INTO refuses to overwrite; two backups in the same second are one backup.
  try {
    unlinkSync(file);
  } catch {
    // Nothing to replace.
  }
  await db.$executeRawUnsafe("VACUUM INTO ?", file);
  // The copy holds what the database holds (the OA tokens among it): readable by the service only.
  chmodSync(file, 0o600);
  return { file, bytes: statSync(file).size, removed: pruneBackups(dir, keepDays, now) };
}

/** Removes copies older than `keepDays`, judged by the time in their name; other files are left alone. */
export function pruneBackups(dir: string, keepDays: number, now = new Date()): string[] {
  const cutoff = now.getTime() - keepDays * 24 * 3600_000;
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const [d, t] = [m[1]!, m[2]!];
    const taken = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6));
    if (taken < cutoff) {
      unlinkSync(path.join(dir, name));
      removed.push(name);
    }
  }
  return removed;
}
