// Charts of one indicator's figures across reports: the SVG (the console shows it inline, the chat
// gets it as a PNG), the caption under the photo, and the reply text with every number of the
// chart and its source report, since a picture alone cannot be quoted, searched or read aloud.
import { barChartSvg } from "../services/figures/chart-svg.ts";
import type { FactRow } from "../services/figures/lookup.ts";
import { type IndicatorSeries, MEASURE_NAMES, type SeriesRow, seriesOf } from "../services/figures/series.ts";
import { fold } from "../services/text/fold.ts";
import { figureNotes, figurePeriod, quantity, sourceLine, storedValue } from "./figure-text.ts";
import type { ChartSpec } from "./types.ts";

/** More bars than this do not read on a phone: the chat's chart shows the latest periods. */
export const MAX_CHART_POINTS = 12;
/** The chart's text stays under Telegram's 4096 characters, with room to spare. */
const TEXT_BUDGET = 3800;
/** At least two periods make a chart; one value is said in words. */
export const MIN_CHART_POINTS = 2;

// "biểu đồ", "vẽ biểu đồ", "đồ thị", "chart", "graph", folded: with or without diacritics.
const CHART_WORDS = /\b(?:ve\s+)?(?:bieu\s+do|do\s+thi|chart|graph)\b/;

/** Whether a message asks for a chart ("biểu đồ kim ngạch xuất khẩu", "bieu do ...", "chart ..."). */
export const isChartRequest = (text: string): boolean => CHART_WORDS.test(fold(text));

/** The question without its chart words: what remains names the indicator. */
export const withoutChartWords = (folded: string): string => folded.replace(new RegExp(CHART_WORDS.source, "g"), " ").replace(/\s+/g, " ").trim();

const measureName = (measure: string) => (MEASURE_NAMES[measure] ?? measure).toLowerCase();

/** The series the chat shows: the console's series, its chart cut to the latest MAX_CHART_POINTS periods. */
export function chatSeries(facts: readonly FactRow[], key: string, measure?: string): IndicatorSeries | null {
  const series = seriesOf(facts, key, measure);
  if (!series || series.chart.length <= MAX_CHART_POINTS) return series;
  return { ...series, chart: series.chart.slice(-MAX_CHART_POINTS), leftOff: series.leftOff + series.chart.length - MAX_CHART_POINTS };
}

/** The value axis' unit: "triệu USD", "%". */
export function seriesUnit(first: SeriesRow | undefined): string {
  if (!first) return "";
  return [first.scale, first.measure === "level" || first.measure === "increment" ? first.unit : (first.unit ?? "%")].filter(Boolean).join(" ");
}

/** The chart of the series' comparable points: bars in period order, the axis in their scale and unit. */
export function seriesChartSvg(series: IndicatorSeries, { id, standalone = false }: { id: string; standalone?: boolean }): string {
  const points = series.chart;
  const first = points[0];
  const unit = seriesUnit(first);
  const description = first
    ? `${points.length} kỳ, từ ${figurePeriod(first)} đến ${figurePeriod(points.at(-1)!)}${unit ? `, đơn vị: ${unit}` : ""}.${standalone ? "" : " Bảng số liệu bên cạnh ghi đủ các giá trị."}`
    : "Chưa có kỳ nào có số liệu so sánh được.";
  return barChartSvg(
    points.map((p) => ({ label: figurePeriod(p), value: Number(p.value), valueText: p.measure === "level" ? quantity(p) : storedValue(p) })),
    { id, title: `${series.indicator.name}: ${measureName(series.measure)} theo kỳ`, description, unit, standalone },
  );
}

/** The line under the photo: what, in what unit, from when to when. */
export function chartCaption(series: IndicatorSeries): string {
  const points = series.chart;
  const unit = seriesUnit(points[0]);
  const span = points.length ? `, ${figurePeriod(points[0]!)} – ${figurePeriod(points.at(-1)!)}` : "";
  const name = measureName(series.measure);
  // "tăng, giảm (%)" already says its unit.
  const shown = unit && !name.includes(`(${unit})`) ? ` (${unit})` : "";
  return `📈 ${series.indicator.name}: ${name} theo kỳ${shown}${span}`;
}

/** The chart's numbers as text, each with the report it comes from (numbered, listed below). */
export function chartText(series: IndicatorSeries): string {
  const reports: SeriesRow["report"][] = [];
  const refOf = (r: SeriesRow["report"]) => {
    let i = reports.findIndex((x) => x.id === r.id);
    if (i < 0) i = reports.push(r) - 1;
    return i + 1;
  };
  const lines = [`${chartCaption(series)}:`];
  for (const p of series.chart) lines.push(`• ${figurePeriod(p)}: ${storedValue(p)}${figureNotes(p)} [${refOf(p.report)}]`);
  if (series.leftOff > 0) {
    lines.push(`(${series.leftOff} số liệu khác của chỉ tiêu này – kỳ cũ hơn, kế hoạch, số của một phần, khác đơn vị hay loại kỳ, hoặc trùng kỳ – không có trong biểu đồ.)`);
  }
  const sources = reports.map((r, i) => `[${i + 1}] ${sourceLine(r).replace(/^Nguồn: /, "")}`);
  const text = [...lines, "", "Nguồn:", ...sources].join("\n");
  if (text.length <= TEXT_BUDGET) return text;
  // Twelve monthly reports with long titles and addresses would pass Telegram's 4096 characters:
  // the addresses go first, the titles stay.
  return [...lines, "", "Nguồn:", ...sources.map((l) => l.replace(/\nhttps?:\/\/\S+/, ""))].join("\n");
}

/** The reply's chart description, drawn again from the same facts when it is sent. */
export const chartSpecOf = (series: IndicatorSeries): ChartSpec => ({ indicator: series.indicator.key, measure: series.measure, caption: chartCaption(series) });

/** Where the public /charts route serves a chart (Zalo's sendPhoto takes an https URL, not bytes). */
export const chartPath = (spec: Pick<ChartSpec, "indicator" | "measure">): string =>
  `/charts/${encodeURIComponent(spec.indicator)}.png?measure=${encodeURIComponent(spec.measure)}`;
