// Keeps one row per report and exactly the facts its current text yields. The extractor comes
// in as an argument so the store does not depend on how figures are recognised.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Figure, Report } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { Fact } from "../figures/fact.ts";
import type { Block } from "./document.ts";
import { carryEdits } from "./staff-edits.ts";
import { textToBlocks } from "./text-blocks.ts";
import type { ParsedReport } from "./parse.ts";

export interface ExtractInput {
  title: string;
  publishedAt: Date | null;
  blocks: readonly Block[];
}

export type Extractor = (report: ExtractInput) => Fact[];

export interface StoreOptions {
  extract: Extractor;
  /** Identity used when the parsed report has no URL of its own, e.g. `fileKey(path)`. */
  url?: string | null;
  /** Re-extract even when the text is unchanged (after the extractor has improved). */
  force?: boolean;
  /** False for articles from crawled sources that are not the department's own (default true). */
  authoritative?: boolean;
  /**
   * True: the report's figures wait for staff review before they are answered (crawled articles
   * under REVIEW_CRAWLED_REPORTS), and a report stored again with new text waits again. Absent: a
   * new report is answered at once and a stored one keeps its review state.
   */
  awaitingReview?: boolean;
}

export type StoreStatus = "created" | "updated" | "unchanged";

export interface StoreResult {
  report: Report;
  figures: Figure[];
  status: StoreStatus;
  /** Staff hides and corrections lost because the new text no longer yields their figure. */
  droppedEdits?: number;
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

/** A fact as a Figure row. */
export function figureRow(reportId: number, f: Fact) {
  return {
    reportId,
    indicator: f.indicator,
    subject: f.subject,
    part: f.part,
    measure: f.measure,
    base: f.base,
    value: f.value,
    scale: f.scale,
    unit: f.unit,
    approx: f.approx,
    periodKind: f.period?.kind ?? null,
    periodLabel: f.period?.label ?? null,
    periodFrom: f.period?.from ?? null,
    periodTo: f.period?.to ?? null,
    status: f.status,
    basis: f.basis,
    raw: f.raw,
    sentence: f.sentence,
    position: f.position,
    context: f.context,
  };
}

export async function storeReport(db: Db, parsed: Omit<ParsedReport, "blocks"> & { blocks?: readonly Block[] }, options: StoreOptions): Promise<StoreResult> {
  const url = parsed.url ?? options.url;
  if (!url) throw new Error("Báo cáo không có địa chỉ (URL) hay tên tệp để nhận diện.");
  const title = parsed.title.normalize("NFC");
  const body = parsed.body.normalize("NFC");
  const hash = contentHash(title, body);
  const authoritative = options.authoritative ?? true;

  const existing = await db.report.findUnique({ where: { url } });
  if (existing && existing.contentHash === hash && existing.authoritative === authoritative && !options.force) {
    const figures = await db.figure.findMany({ where: { reportId: existing.id }, orderBy: { position: "asc" } });
    return { report: existing, figures, status: "unchanged" };
  }

  // Extraction runs before the transaction: it is pure CPU work and must not hold the write lock.
  const extracted = options.extract({ title, publishedAt: parsed.publishedAt, blocks: parsed.blocks ?? textToBlocks(body.split("\n")) });
  const review = options.awaitingReview ? { awaitingReview: true, reviewedBy: null, reviewedAt: null } : {};
  const fields = { title, body, publishedAt: parsed.publishedAt, source: parsed.source, contentHash: hash, authoritative, ...review };
  return db.$transaction(async (tx) => {
    const report = await tx.report.upsert({ where: { url }, create: { url, ...fields }, update: fields });
    // Staff hides and corrections are carried to the same figures of the new extraction (staff-edits.ts).
    const edits = existing ? await tx.figure.findMany({ where: { reportId: report.id, OR: [{ hidden: true }, { originalValue: { not: null } }] } }) : [];
    const { rows, dropped } = carryEdits(
      extracted.map((f) => figureRow(report.id, f)),
      edits,
    );
    await tx.figure.deleteMany({ where: { reportId: report.id } });
    await tx.figure.createMany({ data: rows });
    const figures = await tx.figure.findMany({ where: { reportId: report.id }, orderBy: { position: "asc" } });
    return { report, figures, status: existing ? "updated" : "created", droppedEdits: dropped } satisfies StoreResult;
  });
}

/**
 * Reads again the reports whose content hash was cleared (a migration that changed what a figure
 * is): their stored text is all there is, and tables come back from its "a | b" lines.
 */
export async function rereadStale(db: Db, extract: Extractor): Promise<number> {
  const stale = await db.report.findMany({ where: { contentHash: "" } });
  for (const r of stale) {
    await storeReport(db, { title: r.title, url: r.url, publishedAt: r.publishedAt, source: r.source, body: r.body }, { extract, authoritative: r.authoritative, force: true });
  }
  return stale.length;
}

/** Stored reports, newest first (undated ones last), with how many figures each holds. */
export async function listReports(db: Db): Promise<ReportSummary[]> {
  const rows = await db.report.findMany({
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    include: { _count: { select: { figures: true } } },
  });
  return rows.map(({ _count, ...report }) => ({ ...report, figureCount: _count.figures }));
}
