// Shared by the report tests: a real SQLite file per test file, and a tiny stand-in for the
// figure extractor so these tests do not depend on how figures are recognised.
import type { Db } from "../../src/services/db.ts";
import { createTempDb } from "../support/temp-db.ts";
import type { FigureInput } from "../../src/services/reports/store.ts";

export interface TempDb {
  db: Db;
  dir: string;
  close(): Promise<void>;
}

export async function openTempDb(): Promise<TempDb> {
  const { db, dir, cleanup } = await createTempDb({ seed: false });
  return { db, dir, close: cleanup };
}

/** Every "<number> tỷ đồng|triệu USD|%" becomes a figure named after its unit. */
export function fakeExtract(text: string): FigureInput[] {
  const found: FigureInput[] = [];
  for (const m of text.matchAll(/(\d+(?:[.,]\d+)*)\s*(tỷ đồng|triệu USD|%)/gu)) {
    const value = m[1].replace(/\./g, "").replace(",", ".");
    found.push({
      indicator: m[2] === "%" ? "growth" : "amount",
      indicatorName: m[2] === "%" ? "Tốc độ tăng" : "Giá trị",
      value,
      scale: m[2] === "tỷ đồng" ? "tỷ" : m[2] === "triệu USD" ? "triệu" : null,
      unit: m[2] === "%" ? "%" : m[2].split(" ")[1],
      periodKind: null,
      periodStart: null,
      periodEnd: null,
      periodLabel: null,
      qualifiers: m[2] === "%" ? [] : ["estimate"],
      raw: m[0],
      sentence: m[0],
      position: m.index ?? 0,
    });
  }
  return found;
}
