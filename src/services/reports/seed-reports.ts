import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { extractFacts } from "../figures/extract.ts";
import { fetchPage } from "./fetch-page.ts";
import { ingestSource } from "./ingest.ts";

/** Stores the sample reports listed in the seed file; returns how many were stored. */
export async function seedReports(db: Db, seedFile: string, logger: Logger): Promise<number> {
  if (!existsSync(seedFile)) {
    logger.warn({ event: "seed_reports_missing", file: seedFile }, "no seed report list; starting without reports");
    return 0;
  }
  const { reports } = JSON.parse(readFileSync(seedFile, "utf8")) as { reports: string[] };
  let stored = 0;
  for (const entry of reports) {
    const source = /^https?:\/\//.test(entry) ? entry : path.resolve(entry);
    if (!source.startsWith("http") && !existsSync(source)) {
      logger.warn({ event: "seed_report_missing", file: entry }, "seed report not found; skipped");
      continue;
    }
    try {
      const { report, figures } = await ingestSource(db, source, { extract: extractFacts, fetchPage: (url) => fetchPage(url) });
      logger.info({ event: "seeded_report", reportId: report.id, figures: figures.length }, "sample report loaded");
      stored += 1;
    } catch (err) {
      logger.warn({ event: "seed_report_failed", file: entry, err }, "a seed report could not be loaded");
    }
  }
  return stored;
}
