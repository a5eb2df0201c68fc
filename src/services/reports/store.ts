// Keeps one row per report and exactly the figures its current text yields. The extractor comes
// in as an argument so the store does not depend on how figures are recognised.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Figure, Report } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { ParsedReport } from "./parse.ts";
import type { ExtractedFigure } from "../figures/extract.ts";

/** What the store needs of each figure: the extractor's output (the extractor itself is passed in). */
export type FigureInput = Omit<ExtractedFigure, "outOf">;

export type Extractor = (text: string) => FigureInput[];

export interface StoreOptions {
  extract: Extractor;
  /** Identity used when the parsed report has no URL of its own, e.g. `fileKey(path)`. */
  url?: string | null;
  /** Re-extract even when the text is unchanged (after the extractor has improved). */
  force?: boolean;
}

export type StoreStatus = "created" | "updated" | "unchanged";

export interface StoreResult {
  report: Report;
  figures: Figure[];
  status: StoreStatus;
}

export type ReportSummary = Report & { figureCount: number };

/** Identity of a report loaded from a file that names no URL. */
export function fileKey(filePath: string): string {
  return `file:${path.basename(filePath)}`;
}

/** Fingerprint of what the figures are extracted from, so unchanged reports cost no writes. */
export function contentHash(title: string, body: string): string {
  return createHash("sha256").update(title.normalize("NFC")).update("\n\n").update(body.normalize("NFC")).digest("hex");
}

export async function storeReport(db: Db, parsed: ParsedReport, options: StoreOptions): Promise<StoreResult> {
  const url = parsed.url ?? options.url;
  if (!url) throw new Error("Báo cáo không có địa chỉ (URL) hay tên tệp để nhận diện.");
  const title = parsed.title.normalize("NFC");
  const body = parsed.body.normalize("NFC");
  const hash = contentHash(title, body);

  const existing = await db.report.findUnique({ where: { url } });
  if (existing && existing.contentHash === hash && !options.force) {
    const figures = await db.figure.findMany({ where: { reportId: existing.id }, orderBy: { position: "asc" } });
    return { report: existing, figures, status: "unchanged" };
  }

  // Extraction runs before the transaction: it is pure CPU work and must not hold the write lock.
  const extracted = options.extract(body);
  const fields = { title, body, publishedAt: parsed.publishedAt, source: parsed.source, contentHash: hash };
  return db.$transaction(async (tx) => {
    const report = await tx.report.upsert({ where: { url }, create: { url, ...fields }, update: fields });
    await tx.figure.deleteMany({ where: { reportId: report.id } });
    await tx.figure.createMany({
      data: extracted.map((f) => ({
        reportId: report.id,
        indicator: f.indicator,
        indicatorName: f.indicatorName,
        value: f.value,
        scale: f.scale,
        unit: f.unit,
        periodKind: f.periodKind,
        periodStart: f.periodStart,
        periodEnd: f.periodEnd,
        periodLabel: f.periodLabel,
        qualifiers: JSON.stringify(f.qualifiers),
        raw: f.raw,
        sentence: f.sentence,
        position: f.position,
      })),
    });
    const figures = await tx.figure.findMany({ where: { reportId: report.id }, orderBy: { position: "asc" } });
    return { report, figures, status: existing ? "updated" : "created" } satisfies StoreResult;
  });
}

/** Stored reports, newest first (undated ones last), with how many figures each holds. */
export async function listReports(db: Db): Promise<ReportSummary[]> {
  const rows = await db.report.findMany({
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    include: { _count: { select: { figures: true } } },
  });
  return rows.map(({ _count, ...report }) => ({ ...report, figureCount: _count.figures }));
}
