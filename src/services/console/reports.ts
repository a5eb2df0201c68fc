// The console's report pages: the stored reports, newest first, a page at a time, and one report
// with every figure read from it (hidden ones included: staff must be able to show them again).
import type { Figure, Report } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";

export const REPORTS_PER_PAGE = 50;

export interface ReportListRow {
  id: number;
  title: string;
  url: string;
  publishedAt: Date | null;
  createdAt: Date;
  source: string | null;
  authoritative: boolean;
  awaitingReview: boolean;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  figures: number;
  hidden: number;
}

export interface ReportList {
  rows: ReportListRow[];
  total: number;
  page: number;
  pages: number;
}

/**
 * Page `page` (from 1; past the end gives the last page) of the reports, newest first: by the
 * report's own date, or when it was stored for a report that names none (a text file just uploaded
 * comes first, not after every dated report).
 */
export async function listReportPage(db: Db, page: number): Promise<ReportList> {
  const total = await db.report.count();
  const pages = Math.max(1, Math.ceil(total / REPORTS_PER_PAGE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const ids = await db.$queryRaw<{ id: number | bigint }[]>`
    SELECT id FROM Report ORDER BY COALESCE(publishedAt, createdAt) DESC, id DESC LIMIT ${REPORTS_PER_PAGE} OFFSET ${(current - 1) * REPORTS_PER_PAGE}`;
  const order = ids.map((r) => Number(r.id));
  const found = await db.report.findMany({
    where: { id: { in: order } },
    select: {
      id: true,
      title: true,
      url: true,
      publishedAt: true,
      createdAt: true,
      source: true,
      authoritative: true,
      awaitingReview: true,
      reviewedBy: true,
      reviewedAt: true,
      _count: { select: { figures: true } },
    },
  });
  const reports = found.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const hiddenCounts = await db.figure.groupBy({ by: ["reportId"], where: { reportId: { in: reports.map((r) => r.id) }, hidden: true }, _count: { _all: true } });
  const hidden = new Map(hiddenCounts.map((h) => [h.reportId, h._count._all]));
  const rows = reports.map(({ _count, ...r }) => ({ ...r, figures: _count.figures, hidden: hidden.get(r.id) ?? 0 }));
  return { rows, total, page: current, pages };
}

export interface ReportDetail {
  report: Omit<Report, "body" | "contentHash">;
  figures: Figure[];
}

/** One report and its figures in reading order; null when there is no such report. */
export async function readReport(db: Db, id: number): Promise<ReportDetail | null> {
  const found = await db.report.findUnique({ where: { id }, include: { figures: { orderBy: [{ position: "asc" }, { id: "asc" }] } } });
  if (!found) return null;
  const { figures, body: _body, contentHash: _hash, ...report } = found;
  return { report, figures };
}
