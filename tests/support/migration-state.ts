// A database file as an older release left it: the committed migrations before a given one, run in
// order and recorded in _prisma_migrations the way `prisma migrate deploy` records them, so the
// real migrate() then applies only the newer ones. Works offline: no Prisma CLI involved.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The little of better-sqlite3 used here (it ships no types). */
export interface Sqlite {
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
  close(): void;
}
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => Sqlite;

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

/** The folder name of the one committed migration whose name ends with `_${suffix}`. */
export function migrationNamed(suffix: string): string {
  const found = readdirSync(migrationsDir).filter((d) => d.endsWith(`_${suffix}`));
  if (found.length !== 1) throw new Error(`expected one migration named *_${suffix}, found ${found.length}`);
  return found[0];
}

/** Prisma's own bookkeeping table, as its schema engine creates it for SQLite. */
const MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Creates `file` with every migration older than `before` applied; returns an open connection. */
export function databaseBefore(file: string, before: string): Sqlite {
  const db = new Database(file);
  db.exec(MIGRATIONS_TABLE);
  const record = db.prepare(`INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, ?, 1)`);
  const older = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name < before)
    .map((d) => d.name)
    .sort();
  for (const name of older) {
    const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
    db.exec(sql);
    const at = prismaTime(new Date());
    record.run(randomUUID(), createHash("sha256").update(sql).digest("hex"), at, name, at);
  }
  return db;
}

/** A DateTime as Prisma's SQLite adapter stores it: "2026-01-02T03:04:05.678+00:00". */
export const prismaTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
