import { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { ExtractedFigure } from "./extract.ts";
import { parsePeriod, type Period } from "./periods.ts";

export interface ReportRef {
  id: number;
  title: string;
  url: string;
  publishedAt: Date | null;
  source: string | null;
}

/** A stored figure with the report it came from. */
export type FigureRow = Omit<ExtractedFigure, "raw" | "outOf"> & { report: ReportRef };

type Row = Omit<FigureRow, "qualifiers" | "report"> & { qualifiers: string; reportId: number; title: string; url: string; publishedAt: Date | null; source: string | null };

const COLUMNS = Prisma.sql`f.indicator, f.indicatorName, f.value, f.scale, f.unit, f.periodKind, f.periodStart, f.periodEnd,
  f.periodLabel, f.qualifiers, f.sentence, f.position, r.id AS reportId, r.title, r.url, r.publishedAt, r.source`;
const NEWEST_FIRST = Prisma.sql`r.publishedAt IS NULL, r.publishedAt DESC, r.id DESC, f.position ASC`;

function toFigureRow({ reportId, title, url, publishedAt, source, qualifiers, ...f }: Row): FigureRow {
  return {
    ...f,
    periodStart: f.periodStart === null ? null : Number(f.periodStart),
    periodEnd: f.periodEnd === null ? null : Number(f.periodEnd),
    qualifiers: JSON.parse(qualifiers) as string[],
    report: { id: Number(reportId), title, url, publishedAt: publishedAt ? new Date(publishedAt) : null, source },
  };
}

// Raw SQL: these run on every figure answer. Measured here, Prisma's findMany with the join took
// about 5 ms a call where the query takes under 1 ms, and with 1,000 reports stored the window
// function keeps the rows read to one per period instead of one per report.

/**
 * For each indicator and period, the figure from the newest report that has it, newest report
 * first. Figures without a period count as one period ("as of" the newest report).
 */
export async function latestFiguresPerPeriod(db: Db, keys: string[]): Promise<FigureRow[]> {
  if (keys.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT ${COLUMNS}, ROW_NUMBER() OVER (PARTITION BY f.indicator, COALESCE(f.periodLabel, '') ORDER BY ${NEWEST_FIRST}) AS rank
      FROM Figure f JOIN Report r ON r.id = f.reportId
      WHERE f.indicator IN (${Prisma.join(keys)})
    ) AS r WHERE rank = 1
    ORDER BY r.publishedAt IS NULL, r.publishedAt DESC, r.reportId DESC, r.position ASC`;
  return rows.map(toFigureRow);
}

/** The figures of one report for these indicator keys, in reading order. */
export async function figuresInReport(db: Db, keys: string[], reportId: number): Promise<FigureRow[]> {
  if (keys.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS} FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.reportId = ${reportId} AND f.indicator IN (${Prisma.join(keys)})
    ORDER BY f.position ASC`;
  return rows.map(toFigureRow);
}

// Within one report, the figure for the widest and latest period is the headline.
const KIND_RANK: Record<string, number> = { year: 5, months: 4, quarter: 3, month: 2, range: 1 };
const headlineOrder = (a: FigureRow, b: FigureRow) =>
  (b.periodEnd ?? 0) - (a.periodEnd ?? 0) || (KIND_RANK[b.periodKind ?? ""] ?? 0) - (KIND_RANK[a.periodKind ?? ""] ?? 0);

/** Year and month a figure's period ends: "6 tháng đầu năm 2024" ends in June 2024. */
function periodEnd(f: FigureRow): number {
  let end = periodEnds.get(f);
  if (end === undefined) periodEnds.set(f, (end = computePeriodEnd(f)));
  return end;
}
const periodEnds = new WeakMap<FigureRow, number>();

function computePeriodEnd(f: FigureRow): number {
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
