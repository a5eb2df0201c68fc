import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { prepareDbFile } from "./db-file.ts";
import { BUSY_TIMEOUT_MS, type LockWaitOptions } from "./db-lock-wait.ts";
import { waitingOutLocks } from "./db-retry.ts";
import { sqliteFileFromUrl } from "./db-url.ts";
import { PROJECT_ROOT } from "../project-root.ts";

export type Db = PrismaClient;

const root = PROJECT_ROOT;
const migrationsDir = path.join(root, "prisma", "migrations");

/**
 * Opens the SQLite database named by a `file:` URL, creating it (and its folder) readable by this
 * user only. A locked database is waited out asynchronously (db-lock-wait.ts).
 */
export function openDb(databaseUrl: string, lockWait: LockWaitOptions = {}): Db {
  const file = sqliteFileFromUrl(databaseUrl);
  if (file !== ":memory:") prepareDbFile(file);
  // better-sqlite3's `timeout` is SQLite's busy timeout, applied on every (re)connection.
  return waitingOutLocks(new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS }) }), lockWait);
}

/**
 * WAL lets the crawler, the sender and the chat handlers read while one of them writes, and makes
 * each commit one append; a process killed with -9 loses nothing that was committed.
 */
async function tune(db: Db, databaseUrl: string): Promise<void> {
  if (sqliteFileFromUrl(databaseUrl) === ":memory:") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
}

/**
 * Brings the schema up to date with the committed migrations. Starting the Prisma CLI costs about
 * a second, so it only runs when a migration on disk has not been applied yet.
 */
export async function migrate(db: Db, databaseUrl: string): Promise<void> {
  await applyMigrations(db, databaseUrl);
  await tune(db, databaseUrl);
}

async function applyMigrations(db: Db, databaseUrl: string): Promise<void> {
  const onDisk = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  let applied: string[] = [];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    applied = rows.map((r) => r.migration_name);
  } catch {
    // No migrations table yet: a new database.
  }
  if (onDisk.every((name) => applied.includes(name))) return;
  // The migrating process needs the file to itself: a table rebuilt under an open connection times
  // out. Prisma connects again on the next query.
  await db.$disconnect();
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "prisma.mjs"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${sqliteFileFromUrl(databaseUrl)}` },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`database migration failed:\n${run.stderr || run.stdout}`);
}
