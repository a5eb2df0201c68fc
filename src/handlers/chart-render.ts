// Draws a reply's chart when it is sent (and for the public /charts route): from the same facts
// the bot answers with, so a chart never shows a figure the bot would not give. A chart whose
// figures are gone since the reply was written is null; callers send the text alone.
import type { Db } from "../services/db.ts";
import { svgToPng } from "../services/figures/chart-png.ts";
import { type FactStore, sharedFactIndex } from "../services/figures/lookup.ts";
import type { IndicatorSeries } from "../services/figures/series.ts";
import { chatSeries, MIN_CHART_POINTS, seriesChartSvg } from "./figure-chart.ts";
import type { ChartSpec } from "./types.ts";

export interface ChartRenderer {
  /** The series a chart of this indicator and measure draws; null when there is not enough to draw (fewer than two periods). */
  series(spec: Pick<ChartSpec, "indicator" | "measure">): Promise<IndicatorSeries | null>;
  /** The chart as PNG bytes; null when there is not enough to draw. */
  png(spec: Pick<ChartSpec, "indicator" | "measure">): Promise<Uint8Array | null>;
}

export interface ChartRendererOptions {
  /** How long a drawn chart is reused while the facts stay the same. */
  ttlMs?: number;
  now?: () => number;
}

export function createChartRenderer(db: Db, { ttlMs = 5 * 60_000, now = Date.now }: ChartRendererOptions = {}): ChartRenderer {
  const index = sharedFactIndex(db);
  // One entry per indicator and measure that could be drawn, so the cache is as small as the lexicon.
  const drawn = new Map<string, { store: FactStore; at: number; png: Promise<Uint8Array> }>();

  async function seriesIn(store: FactStore, spec: Pick<ChartSpec, "indicator" | "measure">): Promise<IndicatorSeries | null> {
    const series = chatSeries(store.all, spec.indicator, spec.measure);
    // A measure the indicator has no figures of would fall back to another: not what was asked.
    return series && series.measure === spec.measure && series.chart.length >= MIN_CHART_POINTS ? series : null;
  }

  return {
    async series(spec) {
      return seriesIn(await index.all(), spec);
    },
    async png(spec) {
      const store = await index.all();
      const key = `${spec.indicator}|${spec.measure}`;
      const held = drawn.get(key);
      if (held && held.store === store && now() - held.at < ttlMs) return held.png;
      const series = await seriesIn(store, spec);
      if (!series) return null;
      const png = svgToPng(seriesChartSvg(series, { id: "chart", standalone: true }));
      drawn.set(key, { store, at: now(), png });
      png.catch(() => drawn.get(key)?.png === png && drawn.delete(key));
      return png;
    },
  };
}
