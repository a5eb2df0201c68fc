import type { Db } from "../db.ts";
import { parsePeriod, type Period } from "./periods.ts";

export interface ReportRef {
  id: number;
  title: string;
  url: string;
  publishedAt: Date | null;
  source: string | null;
}

export interface FigureRow {
  indicator: string;
  indicatorName: string;
  value: string;
  scale: string | null;
  unit: string | null;
  periodKind: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  periodLabel: string | null;
  qualifiers: string[];
  sentence: string;
  report: ReportRef;
}

/** Every stored figure for these indicator keys, newest report first. */
export async function figuresFor(db: Db, keys: string[]): Promise<FigureRow[]> {
  const rows = await db.figure.findMany({
    where: { indicator: { in: keys } },
    include: { report: { select: { id: true, title: true, url: true, publishedAt: true, source: true } } },
    orderBy: [{ report: { publishedAt: { sort: "desc", nulls: "last" } } }, { reportId: "desc" }, { position: "asc" }],
  });
  return rows.map(({ report, qualifiers, ...f }) => ({ ...f, qualifiers: JSON.parse(qualifiers) as string[], report }));
}

// Within one report, the figure for the widest and latest period is the headline.
const KIND_RANK: Record<string, number> = { year: 5, months: 4, quarter: 3, month: 2, range: 1 };
const headlineOrder = (a: FigureRow, b: FigureRow) =>
  (b.periodEnd ?? 0) - (a.periodEnd ?? 0) || (KIND_RANK[b.periodKind ?? ""] ?? 0) - (KIND_RANK[a.periodKind ?? ""] ?? 0);

/** Year and month a figure's period ends: "6 tháng đầu năm 2024" ends in June 2024. */
function periodEnd(f: FigureRow): number {
  const p = f.periodLabel ? parsePeriod(f.periodLabel) : null;
  if (!p) {
    const d = f.report.publishedAt;
    return d ? d.getUTCFullYear() * 12 + d.getUTCMonth() + 1 : Number.MAX_SAFE_INTEGER;
  }
  const month = p.months ?? (p.quarter ? p.quarter * 3 : undefined) ?? p.month ?? 12;
  return p.end * 12 + month;
}

/** Chronological order for listing the periods on record; a longer period first when both end together. */
const chronological = (a: FigureRow, b: FigureRow) => periodEnd(a) - periodEnd(b) || (a.periodStart ?? 0) - (b.periodStart ?? 0);

const periodOf = (f: FigureRow) => f.periodLabel ?? `report:${f.report.id}`;

export interface Selection {
  /** The figure that answers the question, or none when the asked period is not on record. */
  chosen?: FigureRow;
  /** One figure per other period on record, oldest period first. */
  others: FigureRow[];
}

/**
 * A period in the question picks exactly that period (never a neighbouring one). Without one,
 * the newest report that has the indicator answers. Rows must come newest report first.
 */
export function selectFigure(rows: FigureRow[], asked: Period | null): Selection {
  const newestPerPeriod = new Map<string, FigureRow>();
  for (const row of rows) if (!newestPerPeriod.has(periodOf(row))) newestPerPeriod.set(periodOf(row), row);
  let chosen: FigureRow | undefined;
  if (asked) {
    chosen = rows.find((r) => r.periodLabel === asked.label);
  } else if (rows.length > 0) {
    const newestReport = rows[0].report.id;
    chosen = rows.filter((r) => r.report.id === newestReport).sort(headlineOrder)[0];
  }
  const others = [...newestPerPeriod.values()].filter((r) => !chosen || periodOf(r) !== periodOf(chosen)).sort(chronological);
  return { chosen, others };
}
