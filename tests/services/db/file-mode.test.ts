// The database holds OA tokens: it, its -wal and -shm files and the folder made for it are private.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openDb } from "../../../src/services/db.ts";

const root = mkdtempSync(path.join(tmpdir(), "ct-mode-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe("database file permissions", () => {
  it("creates the database, its -wal and -shm files 0600 and its folders 0700", async () => {
    const file = path.join(root, "data", "new", "bot.db");
    const db = openDb(`file:${file}`);
    try {
      await migrate(db, `file:${file}`);
      await db.zaloOaToken.create({ data: { appId: "app", refreshToken: "RT-secret" } });
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(mode(f).toString(8), f).toBe("600");
      }
      expect(mode(path.dirname(file)).toString(8)).toBe("700");
      expect(mode(path.join(root, "data")).toString(8)).toBe("700");
    } finally {
      await db.$disconnect();
    }
  });

  it("makes an existing readable database and the companions left beside it private", async () => {
    const file = path.join(root, "old.db");
    const setup = openDb(`file:${file}`);
    await migrate(setup, `file:${file}`);
    await setup.$disconnect();
    chmodSync(file, 0o644);
    // Left by a process that was killed before this fix.
    writeFileSync(`${file}-shm`, "");
    chmodSync(`${file}-shm`, 0o644);
    const db = openDb(`file:${file}`);
    try {
      expect(mode(file).toString(8)).toBe("600");
      expect(mode(`${file}-shm`).toString(8)).toBe("600");
      await db.zaloOaToken.create({ data: { appId: "app", refreshToken: "RT-secret" } });
      expect(mode(`${file}-wal`).toString(8)).toBe("600");
    } finally {
      await db.$disconnect();
    }
  });
});
