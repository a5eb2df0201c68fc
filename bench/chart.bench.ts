// Benchmark of the charts sent in chats: building the SVG, rendering it to PNG (resvg, Noto Sans),
// the first render (which loads the renderer and the font), and a cached chart.
//   npm run bench:chart      (prints numbers; asserts nothing)
import { createChartRenderer } from "../src/handlers/chart-render.ts";
import { chatSeries, seriesChartSvg } from "../src/handlers/figure-chart.ts";
import { svgToPng } from "../src/services/figures/chart-png.ts";
import { sharedFactIndex } from "../src/services/figures/lookup.ts";
import { storeMonthlyReports } from "../tests/support/chart-data.ts";
import { createTempDb } from "../tests/support/temp-db.ts";
import { machineLine, percentile } from "./machine.ts";

const temp = await createTempDb();
await storeMonthlyReports(temp.db);
const facts = (await sharedFactIndex(temp.db).all()).all;
const series = chatSeries(facts, "export_turnover", "level")!;
// A full chart as well: twelve bars, slanted labels.
const twelve = {
  ...series,
  chart: Array.from({ length: 12 }, (_, i) => ({ ...series.chart[i % series.chart.length]!, periodLabel: `tháng ${i + 1}/2026`, value: String(100 + i * 7.5) })),
};

const timed = async (n: number, fn: () => unknown): Promise<number[]> => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b);
};
const line = (what: string, ms: number[]) => console.log(`  ${what}: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms (${ms.length} runs)`);

const first = performance.now();
const png = await svgToPng(seriesChartSvg(series, { id: "chart", standalone: true }));
const firstMs = performance.now() - first;
const svg3 = seriesChartSvg(series, { id: "chart", standalone: true });
const svg12 = seriesChartSvg(twelve, { id: "chart", standalone: true });
const build = await timed(1000, () => seriesChartSvg(twelve, { id: "chart", standalone: true }));
const render3 = await timed(30, () => svgToPng(svg3));
const render12 = await timed(30, () => svgToPng(svg12));
// Four at once, as when several chats ask at the same moment: resvg renders on libuv's pool.
const parallel = performance.now();
await Promise.all(Array.from({ length: 8 }, () => svgToPng(svg12)));
const parallelMs = performance.now() - parallel;
const renderer = createChartRenderer(temp.db);
await renderer.png({ indicator: "export_turnover", measure: "level" });
const cached = await timed(200, () => renderer.png({ indicator: "export_turnover", measure: "level" }));
await temp.cleanup();

console.log(`machine: ${machineLine()}`);
console.log(`chart PNG, 1280×640 (640×320 drawn at 2×), ${png.byteLength} bytes for 3 bars:`);
console.log(`  first render, loading resvg and the font: ${firstMs.toFixed(0)} ms`);
line("SVG of 12 bars", build);
line("PNG of 3 bars", render3);
line("PNG of 12 bars", render12);
console.log(`  8 PNGs of 12 bars at once: ${parallelMs.toFixed(0)} ms in all`);
line("a chart drawn before (cache hit)", cached);
