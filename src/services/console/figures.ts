// The console's figures explorer: which indicators have stored figures, and one indicator's
// figures across reports, in period order, with the points that can share one chart.
import type { Db } from "../db.ts";
import { type Approx, statusRank, type Status } from "../figures/fact.ts";
import { indicatorByKey } from "../figures/indicators.ts";
import type { ReportRef } from "../figures/lookup.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/** Only what the bot answers: no hidden figure, none of a report awaiting review (f: Figure, r: Report). */
const ANSWERED = Prisma.sql`f.hidden = 0 AND r.awaitingReview = 0`;

export interface IndicatorChoice {
  key: string;
  name: string;
  count: number;
}

/** How each measure is named in the measure picker. */
export const MEASURE_NAMES: Record<string, string> = {
  level: "Giá trị",
  change: "Tăng, giảm (%)",
  plan_share: "Tỷ lệ so với kế hoạch năm",
  target_share: "Tỷ lệ so với chỉ tiêu nhiệm kỳ",
  total_share: "Tỷ trọng trong tổng",
  increment: "Tăng thêm trong kỳ",
};
const MEASURE_ORDER = Object.keys(MEASURE_NAMES);

/** The known indicators that have at least one stored figure, by Vietnamese name. */
export async function indicatorChoices(db: Db): Promise<IndicatorChoice[]> {
  const rows = await db.$queryRaw<{ indicator: string; n: number | bigint }[]>`
    SELECT f.indicator, COUNT(*) AS n FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.indicator IS NOT NULL AND ${ANSWERED} GROUP BY f.indicator`;
  return rows
    .flatMap((r) => {
      const ind = indicatorByKey(r.indicator);
      return ind ? [{ key: ind.key, name: ind.name, count: Number(r.n) }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

export interface SeriesRow {
  id: number;
  part: string | null;
  measure: string;
  base: string | null;
  value: string;
  scale: string | null;
  unit: string | null;
  approx: Approx | null;
  periodKind: string | null;
  periodLabel: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  status: Status;
  basis: string | null;
  report: ReportRef;
}

export interface IndicatorSeries {
  indicator: { key: string; name: string };
  /** The measures this indicator's figures have, in a fixed order, with counts. */
  measures: { measure: string; count: number }[];
  measure: string;
  /** Every figure of that measure, by period (figures without a period last), then by report date. */
  rows: SeriesRow[];
  /** One point per period, of one kind of figure (same unit, scale, base and period kind, no part). */
  chart: SeriesRow[];
  /** Figures of the measure that are not on the chart (other units or kinds of period, parts, plans, repeats). */
  leftOff: number;
}

type Raw = Omit<SeriesRow, "report" | "periodFrom" | "periodTo"> & {
  periodFrom: number | bigint | null;
  periodTo: number | bigint | null;
  reportId: number | bigint;
  title: string;
  url: string;
  publishedAt: Date | string | number | null;
  source: string | null;
  authoritative: number | boolean;
};

const num = (v: number | bigint | null) => (v === null ? null : Number(v));
const time = (r: SeriesRow) => r.report.publishedAt?.getTime() ?? 0;

/** Period order: earlier end first, a longer period before a shorter one ending with it; no period last. */
export function byPeriod(a: SeriesRow, b: SeriesRow): number {
  if (a.periodTo === null || b.periodTo === null) return (a.periodTo === null ? 1 : 0) - (b.periodTo === null ? 1 : 0) || time(a) - time(b) || a.id - b.id;
  return a.periodTo - b.periodTo || (a.periodFrom ?? a.periodTo) - (b.periodFrom ?? b.periodTo) || time(a) - time(b) || a.id - b.id;
}

/** What makes two figures comparable on one chart. */
const kindOf = (r: SeriesRow) => [r.unit ?? "", r.scale ?? "", r.base ?? "", r.periodKind ?? ""].join("|");

/**
 * The chart's points: figures with a period, no part, and not a plan, of the kind that covers the
 * most periods; for a period read in several reports, the surest figure (official over estimate),
 * then the latest report's.
 */
export function chartPoints(rows: readonly SeriesRow[]): SeriesRow[] {
  const kinds = new Map<string, Map<string, SeriesRow>>();
  for (const r of rows) {
    if (r.periodTo === null || r.part !== null || r.status === "target") continue;
    const kind = kindOf(r);
    const periods = kinds.get(kind) ?? new Map<string, SeriesRow>();
    kinds.set(kind, periods);
    const period = `${r.periodFrom}-${r.periodTo}`;
    const held = periods.get(period);
    if (!held || statusRank(r.status) > statusRank(held.status) || (statusRank(r.status) === statusRank(held.status) && time(r) >= time(held))) periods.set(period, r);
  }
  let best: SeriesRow[] = [];
  for (const periods of kinds.values()) {
    const points = [...periods.values()].sort(byPeriod);
    if (points.length > best.length || (points.length === best.length && points.length > 0 && points.at(-1)!.periodTo! > best.at(-1)!.periodTo!)) best = points;
  }
  return best;
}

/** One indicator's figures of one measure (by default its level figures, else its most frequent measure); null for an indicator without figures. */
export async function readIndicatorSeries(db: Db, key: string, measure?: string): Promise<IndicatorSeries | null> {
  const indicator = indicatorByKey(key);
  if (!indicator) return null;
  const counts = await db.$queryRaw<{ measure: string; n: number | bigint }[]>`
    SELECT f.measure, COUNT(*) AS n FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.indicator = ${key} AND ${ANSWERED} GROUP BY f.measure`;
  if (counts.length === 0) return null;
  const measures = counts
    .map((c) => ({ measure: c.measure, count: Number(c.n) }))
    .sort((a, b) => (MEASURE_ORDER.indexOf(a.measure) + 1 || 99) - (MEASURE_ORDER.indexOf(b.measure) + 1 || 99));
  const chosen =
    measure && measures.some((m) => m.measure === measure)
      ? measure
      : measures.some((m) => m.measure === "level")
        ? "level"
        : [...measures].sort((a, b) => b.count - a.count)[0]!.measure;
  const raw = await db.$queryRaw<Raw[]>`
    SELECT f.id, f.part, f.measure, f.base, f.value, f.scale, f.unit, f.approx, f.periodKind, f.periodLabel, f.periodFrom,
      f.periodTo, f.status, f.basis, r.id AS reportId, r.title, r.url, r.publishedAt, r.source, r.authoritative
    FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.indicator = ${key} AND f.measure = ${chosen} AND ${ANSWERED}`;
  const rows = raw
    .map(
      ({ reportId, title, url, publishedAt, source, authoritative, ...f }): SeriesRow => ({
        ...f,
        id: Number(f.id),
        periodFrom: num(f.periodFrom),
        periodTo: num(f.periodTo),
        report: { id: Number(reportId), title, url, publishedAt: publishedAt === null ? null : new Date(publishedAt), source, authoritative: Boolean(authoritative) },
      }),
    )
    .sort(byPeriod);
  const chart = chartPoints(rows);
  return { indicator: { key: indicator.key, name: indicator.name }, measures, measure: chosen, rows, chart, leftOff: rows.length - chart.length };
}
