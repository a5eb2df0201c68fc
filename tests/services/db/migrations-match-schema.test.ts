import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Sqlite } from "../../support/migration-state.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// Several people add migrations at once (each with scripts/new-migration.sh, against their own
// branch's schema). After a merge, the migrations must still build exactly the tables the schema
// describes: a database made by them is compared with one made straight from prisma/schema.prisma.

const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => Sqlite;
let temp: TempDb | undefined;
afterAll(async () => temp?.cleanup());

/** Every table and index, written one way: no quotes, single spaces, one per line, sorted. */
function shapeOf(db: Sqlite): string[] {
  const rows = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%'").all() as { sql: string }[];
  return rows
    .map((r) =>
      r.sql
        .replaceAll('"', "")
        .replace(/\s+/g, " ")
        .replace(/\( /g, "(")
        .replace(/ ([),])/g, "$1")
        .trim(),
    )
    .sort();
}

it("the committed migrations build exactly the tables prisma/schema.prisma describes", { timeout: 60_000 }, async () => {
  temp = await createTempDb({ seed: false });
  const migrated = new Database(path.join(temp.dir, "bot.db"));
  const diff = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    encoding: "utf8",
  });
  expect(diff.status, diff.stderr).toBe(0);
  const fromSchema = new Database(path.join(temp.dir, "from-schema.db"));
  fromSchema.exec(diff.stdout);
  try {
    expect(shapeOf(migrated)).toEqual(shapeOf(fromSchema));
  } finally {
    migrated.close();
    fromSchema.close();
  }
});
