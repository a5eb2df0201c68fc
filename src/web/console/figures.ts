import express, { type Router } from "express";
import { STATUS_LABEL, figurePeriod, formatDay, storedValue } from "../../handlers/figure-text.ts";
import { seriesChartSvg } from "../../handlers/figure-chart.ts";
import { indicatorChoices, readIndicatorSeries } from "../../services/console/figures.ts";
import { MEASURE_NAMES, type SeriesRow } from "../../services/figures/series.ts";
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
      chart: series && series.chart.length > 0 ? seriesChartSvg(series, { id: "figures-chart" }) : null,
      view: { statusOf, valueText, periodOf, linkOf, dayOf },
    });
  });

  return router;
}
