// A small server-rendered bar chart as SVG: no script, no external font or style, every text
// escaped. The console shows it inline, with the same numbers in a table beside it (what screen
// readers and keyboard users read); the chat bot renders it to a PNG (chart-png.ts) with its
// title and the values drawn in, since a photo in a chat has no table and no tooltips.
import { formatViNumber } from "./numbers.ts";

export interface ChartPoint {
  /** The category under the bar: "tháng 5/2026". */
  label: string;
  value: number;
  /** The value as the page writes it ("142,37 triệu USD"), for the bar's tooltip. */
  valueText?: string;
}

export interface BarChartOptions {
  /** Prefix of the ids the title and description get (unique on the page). */
  id: string;
  title: string;
  /** What the chart shows, read by screen readers after the title. */
  description: string;
  /** Written above the value axis: "triệu USD", "%". */
  unit?: string;
  width?: number;
  height?: number;
  /** Draw the title above the plot and each value above its bar (for an image shown alone). */
  standalone?: boolean;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value safe inside SVG (and HTML). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Maps a value from the domain onto the range, linearly; a zero-width domain maps to the range's middle. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (v: number) => number {
  if (d0 === d1) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** Decimals a step needs to be written exactly: 0.25 → 2, 5 → 0. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 10; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9 * 10 ** d) return d;
  return 10;
}

export interface Ticks {
  /** Tick values, lowest first; the first and last bound the axis. */
  values: number[];
  /** Decimals that write every tick exactly. */
  decimals: number;
}

/**
 * Round tick values (1, 2 or 5 times a power of ten apart) covering min..max and zero, about
 * `count` of them: bars start at zero, so zero is always on the axis.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  let lo = Math.min(min, 0);
  let hi = Math.max(max, 0);
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9))!;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const decimals = decimalsOf(step);
  const values: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) values.push(Number((lo + i * step).toFixed(decimals)));
  return { values, decimals };
}

/** A tick in Vietnamese: 1500 → "1.500", 0.5 → "0,5", -2 → "-2". */
export function tickLabel(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return formatViNumber(text === `-${(0).toFixed(decimals)}` ? text.slice(1) : text);
}

const fixed = (n: number) => Number(n.toFixed(1)).toString();

/**
 * A bar chart: one bar per point in the order given, a value axis with round ticks written the
 * Vietnamese way, the labels under the bars (slanted when there are many), `role="img"` with its
 * title and description. No points gives a chart frame that says so.
 */
export function barChartSvg(points: readonly ChartPoint[], options: BarChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const id = escapeXml(options.id);
  const slanted = points.length > 6;
  const standalone = options.standalone === true;
  const margin = { top: standalone ? 64 : 28, right: 16, bottom: slanted ? 84 : 40, left: 72 };
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif" font-size="13">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(options.description)}</desc>`,
  ];
  if (standalone) {
    out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
    out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold" fill="#111">${escapeXml(options.title)}</text>`);
  }
  if (options.unit) out.push(`<text x="${plot.left}" y="${margin.top - 12}" text-anchor="end" fill="#333">${escapeXml(options.unit)}</text>`);
  if (points.length === 0) {
    out.push(`<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${(plot.left + plot.right) / 2}" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle" fill="#333">Chưa có số liệu để vẽ</text>`);
    out.push("</svg>");
    return out.join("\n");
  }

  const values = points.map((p) => p.value);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const y = linearScale([ticks.values[0]!, ticks.values.at(-1)!], [plot.bottom, plot.top]);
  for (const t of ticks.values) {
    const ty = fixed(y(t));
    out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${ty}" y2="${ty}" stroke="${t === 0 ? "#333" : "#ddd"}"/>`);
    out.push(`<text x="${plot.left - 6}" y="${ty}" dy="0.35em" text-anchor="end" fill="#333">${escapeXml(tickLabel(t, ticks.decimals))}</text>`);
  }

  const band = (plot.right - plot.left) / points.length;
  const barWidth = Math.max(2, Math.min(56, band * 0.7));
  const zero = y(0);
  points.forEach((p, i) => {
    const center = plot.left + band * (i + 0.5);
    const top = Math.min(y(p.value), zero);
    const tall = Math.abs(y(p.value) - zero);
    const tooltip = `${p.label}: ${p.valueText ?? formatViNumber(String(p.value))}`;
    out.push(
      `<rect class="bar" x="${fixed(center - barWidth / 2)}" y="${fixed(top)}" width="${fixed(barWidth)}" height="${fixed(Math.max(tall, 0.5))}" fill="#1f5f99"><title>${escapeXml(tooltip)}</title></rect>`,
    );
    if (standalone) {
      const vy = p.value >= 0 ? top - 4 : top + tall + 12;
      out.push(`<text x="${fixed(center)}" y="${fixed(vy)}" text-anchor="middle" font-size="11" fill="#111">${escapeXml(formatViNumber(String(p.value)))}</text>`);
    }
    const ly = plot.bottom + 16;
    out.push(
      slanted
        ? `<text x="${fixed(center)}" y="${ly}" text-anchor="end" transform="rotate(-40 ${fixed(center)} ${ly})" fill="#333">${escapeXml(p.label)}</text>`
        : `<text x="${fixed(center)}" y="${ly}" text-anchor="middle" fill="#333">${escapeXml(p.label)}</text>`,
    );
  });
  out.push(`<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#333"/>`);
  out.push("</svg>");
  return out.join("\n");
}
