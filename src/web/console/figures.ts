import express, { type Router } from "express";
import { STATUS_LABEL, figurePeriod, formatDay, quantity, storedValue } from "../../handlers/figure-text.ts";
import { barChartSvg } from "../../services/console/chart-svg.ts";
import { indicatorChoices, MEASURE_NAMES, readIndicatorSeries, type SeriesRow } from "../../services/console/figures.ts";
import type { Db } from "../../services/db.ts";
import { signedInOf } from "./session.ts";
import { renderPage } from "./views.ts";

// The figures explorer (/console/figures): pick an indicator from a GET form, see its figures
// across reports as a table and as a chart of the comparable ones. Read-only.

export interface FigurePageOptions {
  db: Db;
  base: string;
}

const one = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** "ước tính", "chính thức"... ; a plain figure is "thực hiện". */
export const statusOf = (r: Pick<SeriesRow, "status">): string =>
  r.status === "actual" ? "thực hiện" : r.status === "official" ? "chính thức" : (STATUS_LABEL[r.status] ?? r.status);

/** The figure as the bot says it ("142,37 triệu USD", "tăng 8,2% so với cùng kỳ"), with its part and basis. */
export const valueText = (r: SeriesRow): string => storedValue(r) + (r.basis ? ` (${r.basis})` : "");

export const periodOf = (r: SeriesRow): string => figurePeriod(r);

export const linkOf = (r: SeriesRow): string | null => (/^https?:\/\//i.test(r.report.url) ? r.report.url : null);

export const dayOf = (d: Date | null): string => (d ? formatDay(d) : "—");

/** The chart of the comparable points: bars in period order, the axis in their scale and unit. */
function chartOf(name: string, measureName: string, points: readonly SeriesRow[]): string {
  const first = points[0];
  const unit = first ? [first.scale, first.measure === "level" || first.measure === "increment" ? first.unit : (first.unit ?? "%")].filter(Boolean).join(" ") : "";
  const description = first
    ? `${points.length} kỳ, từ ${periodOf(first)} đến ${periodOf(points.at(-1)!)}${unit ? `, đơn vị: ${unit}` : ""}. Bảng số liệu bên cạnh ghi đủ các giá trị.`
    : "Chưa có kỳ nào có số liệu so sánh được.";
  return barChartSvg(
    points.map((p) => ({ label: periodOf(p), value: Number(p.value), valueText: p.measure === "level" ? quantity(p) : storedValue(p) })),
    { id: "figures-chart", title: `${name}: ${measureName.toLowerCase()} theo kỳ`, description, unit },
  );
}

export function figurePages({ db, base }: FigurePageOptions): Router {
  const router = express.Router();

  router.get("/figures", async (req, res) => {
    const { session } = signedInOf(res);
    const key = one(req.query.indicator);
    const measure = one(req.query.measure);
    const choices = await indicatorChoices(db);
    const series = key && /^[a-z0-9_]{1,80}$/.test(key) ? await readIndicatorSeries(db, key, measure || undefined) : null;
    const unknown = key !== "" && series === null;
    renderPage(res, unknown ? 404 : 200, "./figures", {
      base,
      staffId: session.staffId,
      csrf: session.csrfToken,
      current: "figures" as const,
      title: series ? `Số liệu: ${series.indicator.name}` : "Số liệu",
      choices,
      key,
      unknown,
      series,
      measureNames: MEASURE_NAMES,
      chart: series && series.chart.length > 0 ? chartOf(series.indicator.name, MEASURE_NAMES[series.measure] ?? series.measure, series.chart) : null,
      view: { statusOf, valueText, periodOf, linkOf, dayOf },
    });
  });

  return router;
}
