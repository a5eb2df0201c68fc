import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate, openDb, type Db } from "../../src/services/db.ts";
import { prepareDatabase } from "../../src/app/core.ts";
import { createLogger } from "../../src/services/logger.ts";

export const silentLogger = createLogger({ level: "silent", secrets: [] });

export interface TempDb {
  db: Db;
  url: string;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A real SQLite file in a fresh temporary folder, migrated and seeded like `npm start` does
 * (or only migrated, with `seed: false`, for tests that bring their own data).
 */
export async function createTempDb({ seed = true }: { seed?: boolean } = {}): Promise<TempDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-bot-"));
  const url = `file:${path.join(dir, "bot.db")}`;
  const db = openDb(url);
  if (seed) await prepareDatabase(db, { databaseUrl: url, directoryFile: "data/directory.json", seedReports: "data/seed-reports.json", logger: silentLogger });
  else await migrate(db, url);
  return {
    db,
    url,
    dir,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
