import { inflateSync } from "node:zlib";
import { extractFacts } from "../../src/services/figures/extract.ts";
import type { Db } from "../../src/services/db.ts";
import { storeReport } from "../../src/services/reports/store.ts";

// Monthly export figures in three reports, read by the real extractor: a series the bot can draw
// (tháng 3, 4 and 5/2026), with one month stated twice. Plus the PNG checks the chart tests share.

export const MONTHLY_REPORTS = [
  ["Báo cáo tháng 3/2026", "2026-03-28", "Kim ngạch xuất khẩu tháng 3/2026 ước đạt 140,5 triệu USD, tăng 6,1% so với cùng kỳ."],
  ["Báo cáo tháng 4/2026", "2026-04-28", "Kim ngạch xuất khẩu tháng 4/2026 ước đạt 151,2 triệu USD, tăng 7,3% so với cùng kỳ."],
  [
    "Báo cáo tháng 5/2026",
    "2026-05-28",
    "Kim ngạch xuất khẩu tháng 5/2026 ước đạt 142,37 triệu USD, tăng 8,2% so với cùng kỳ. Kim ngạch xuất khẩu tháng 4/2026 đạt 150,9 triệu USD.",
  ],
] as const;

export async function storeMonthlyReports(db: Db): Promise<void> {
  for (const [title, day, body] of MONTHLY_REPORTS) {
    await storeReport(
      db,
      { title, body, publishedAt: new Date(`${day}T03:00:00Z`), source: "Sở Công Thương", url: `https://sct.example.gov.vn/${day}` },
      { extract: extractFacts },
    );
  }
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngInfo {
  width: number;
  height: number;
  /** Share of the decoded bytes that are not white (255): 0 for a blank image. */
  inked: number;
}

/** Reads a PNG's chunks: the IHDR's size, and how much of the image is not white. Throws on a bad signature or a missing IHDR. */
export function readPng(bytes: Uint8Array): PngInfo {
  const buf = Buffer.from(bytes);
  if (!PNG_SIGNATURE.every((b, i) => buf[i] === b)) throw new Error("not a PNG signature");
  let at = 8;
  let size: { width: number; height: number } | undefined;
  const data: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") size = { width: body.readUInt32BE(0), height: body.readUInt32BE(4) };
    if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  if (!size) throw new Error("PNG without IHDR");
  const pixels = inflateSync(Buffer.concat(data));
  let inked = 0;
  for (const b of pixels) if (b !== 255) inked++;
  return { ...size, inked: inked / pixels.length };
}
