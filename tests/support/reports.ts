// Shared by the report tests: a real SQLite file per test file, and a tiny stand-in for the
// figure extractor so these tests do not depend on how figures are recognised.
import type { Db } from "../../src/services/db.ts";
import { createTempDb } from "./temp-db.ts";
import type { Fact } from "../../src/services/figures/fact.ts";
import { blocksToText } from "../../src/services/reports/document.ts";
import type { ExtractInput } from "../../src/services/reports/store.ts";

export interface TempDb {
  db: Db;
  dir: string;
  close(): Promise<void>;
}

export async function openTempDb(): Promise<TempDb> {
  const { db, dir, cleanup } = await createTempDb({ seed: false });
  return { db, dir, close: cleanup };
}

/** Every "<number> tỷ đồng|triệu USD|%" in the body becomes a fact named after its unit. */
export function fakeExtract(report: ExtractInput): Fact[] {
  const text = blocksToText(report.blocks);
  const found: Fact[] = [];
  for (const m of text.matchAll(/(\d+(?:[.,]\d+)*)\s*(tỷ đồng|triệu USD|%)/gu)) {
    const value = m[1].replace(/\./g, "").replace(",", ".");
    const percent = m[2] === "%";
    found.push({
      indicator: null,
      subject: percent ? "Tốc độ tăng" : "Giá trị",
      part: null,
      measure: percent ? "change" : "level",
      base: percent ? "same_period" : null,
      value,
      scale: m[2] === "tỷ đồng" ? "tỷ" : m[2] === "triệu USD" ? "triệu" : null,
      unit: percent ? "%" : m[2].split(" ")[1],
      approx: null,
      period: null,
      status: percent ? "actual" : "estimate",
      basis: null,
      raw: m[0],
      sentence: m[0],
      position: m.index ?? 0,
      context: "",
    });
  }
  return found;
}
