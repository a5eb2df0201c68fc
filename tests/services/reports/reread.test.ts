// After a migration that changes what a figure is, the stored reports are read again at start:
// the migration clears their content hash, and the start-up reads their stored text anew.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../../src/app/core.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

describe("reports stored before a change of the figure model", () => {
  let t: TempDb;
  beforeAll(async () => {
    t = await createTempDb();
  });
  afterAll(() => t.cleanup());

  it("are read again from their stored text at the next start, tables included", async () => {
    const before = await t.db.figure.count();
    expect(before).toBeGreaterThan(30);
    await t.db.figure.deleteMany();
    await t.db.report.updateMany({ data: { contentHash: "" } });
    await prepareDatabase(t.db, { databaseUrl: t.url, directoryFile: "data/directory.json", seedReports: "data/seed-reports.json", logger: silentLogger });
    expect(await t.db.figure.count()).toBe(before);
    expect(await t.db.report.count({ where: { contentHash: "" } })).toBe(0);
  });
});
