import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "../../src/services/backup.ts";
import { openDb } from "../../src/services/db.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

// A backup is a database: restored, it answers with what the original held.
let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
});
afterAll(() => temp.cleanup());

describe("database backups", () => {
  it("writes a consistent copy that opens and reads like the original, readable by the service only", async () => {
    const dir = path.join(temp.dir, "backups");
    const { file, bytes } = await backupDatabase(temp.db, { dir, keepDays: 14, now: new Date("2026-12-02T02:15:00Z") });
    expect(path.basename(file)).toBe("bot-20261202-021500.db");
    expect(bytes).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const restored = openDb(`file:${file}`);
    try {
      expect(await restored.unit.count()).toBe(await temp.db.unit.count());
      expect(await restored.figure.count()).toBe(await temp.db.figure.count());
      expect(await restored.figure.count()).toBeGreaterThan(0);
    } finally {
      await restored.$disconnect();
    }
  });

  it("keeps the given number of days and leaves other files alone", async () => {
    const dir = path.join(temp.dir, "kept");
    await backupDatabase(temp.db, { dir, keepDays: 10, now: new Date("2026-11-20T02:15:00Z") });
    expect((await backupDatabase(temp.db, { dir, keepDays: 10, now: new Date("2026-11-25T02:15:00Z") })).removed).toEqual([]);
    writeFileSync(path.join(dir, "notes.txt"), "not a backup");
    const { removed } = await backupDatabase(temp.db, { dir, keepDays: 10, now: new Date("2026-12-02T02:15:00Z") });
    expect(removed).toEqual(["bot-20261120-021500.db"]);
    expect(readdirSync(dir).sort()).toEqual(["bot-20261125-021500.db", "bot-20261202-021500.db", "notes.txt"]);
  });

  it("runs as npm run backup, from the settings", () => {
    const dir = path.join(temp.dir, "from-cli");
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/backup.ts"], {
      env: { ...process.env, DATABASE_URL: temp.url, BACKUP_DIR: dir, BACKUP_KEEP_DAYS: "3" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Đã sao lưu cơ sở dữ liệu: .*bot-\d{8}-\d{6}\.db/);
    expect(existsSync(dir) && readdirSync(dir).length).toBe(1);
  });
});
