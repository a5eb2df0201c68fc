// One indicator's figures of one measure across reports, in period order, and the points of them
// that can share one chart. Pure: the console reads the rows from the database, the chat's charts
// from the facts the bot answers with (src/handlers/chart-render.ts); both leave hidden figures out.
import { type Approx, statusRank, type Status } from "./fact.ts";
import { indicatorByKey } from "./indicators.ts";
import type { ReportRef } from "./lookup.ts";

/** How each measure is named (the console's measure picker, the charts' titles). */
export const MEASURE_NAMES: Record<string, string> = {
  level: "Giá trị",
  change: "Tăng, giảm (%)",
  plan_share: "Tỷ lệ so với kế hoạch năm",
  target_share: "Tỷ lệ so với chỉ tiêu nhiệm kỳ",
  total_share: "Tỷ trọng trong tổng",
  increment: "Tăng thêm trong kỳ",
};
const MEASURE_ORDER = Object.keys(MEASURE_NAMES);

/** A stored figure with its report: the columns a series needs (a FactRow has them all). */
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
export function chartPoints<R extends SeriesRow>(rows: readonly R[]): R[] {
  const kinds = new Map<string, Map<string, R>>();
  for (const r of rows) {
    if (r.periodTo === null || r.part !== null || r.status === "target") continue;
    const kind = kindOf(r);
    const periods = kinds.get(kind) ?? new Map<string, R>();
    kinds.set(kind, periods);
    const period = `${r.periodFrom}-${r.periodTo}`;
    const held = periods.get(period);
    if (!held || statusRank(r.status) > statusRank(held.status) || (statusRank(r.status) === statusRank(held.status) && time(r) >= time(held))) periods.set(period, r);
  }
  let best: R[] = [];
  for (const periods of kinds.values()) {
    const points = [...periods.values()].sort(byPeriod);
    if (points.length > best.length || (points.length === best.length && points.length > 0 && points.at(-1)!.periodTo! > best.at(-1)!.periodTo!)) best = points;
  }
  return best;
}

/**
 * One indicator's series from its figures (any measures, any order): the measure asked for when
 * it has figures of it, else the level, else its most frequent measure. Null for an unknown
 * indicator or one without figures.
 */
export function seriesOf<R extends SeriesRow & { indicator: string | null }>(figures: readonly R[], key: string, measure?: string): IndicatorSeries | null {
  const indicator = indicatorByKey(key);
  if (!indicator) return null;
  const own = figures.filter((f) => f.indicator === key);
  if (own.length === 0) return null;
  const counts = new Map<string, number>();
  for (const f of own) counts.set(f.measure, (counts.get(f.measure) ?? 0) + 1);
  const measures = [...counts]
    .map(([m, count]) => ({ measure: m, count }))
    .sort((a, b) => (MEASURE_ORDER.indexOf(a.measure) + 1 || 99) - (MEASURE_ORDER.indexOf(b.measure) + 1 || 99));
  const chosen = measure && counts.has(measure) ? measure : counts.has("level") ? "level" : [...measures].sort((a, b) => b.count - a.count)[0]!.measure;
  const rows: SeriesRow[] = own.filter((f) => f.measure === chosen).sort(byPeriod);
  const chart = chartPoints(rows);
  return { indicator: { key: indicator.key, name: indicator.name }, measures, measure: chosen, rows, chart, leftOff: rows.length - chart.length };
}
