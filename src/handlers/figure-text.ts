import { formatViNumber } from "../services/figures/numbers.ts";
import type { FigureRow, ReportRef } from "../services/figures/lookup.ts";

const dayFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });
export const formatDay = (d: Date) => dayFormat.format(d);

/** Every qualifier the extractor writes, in Vietnamese. */
export const QUALIFIER_LABELS: Record<string, string> = {
  cumulative: "lũy kế",
  estimate: "ước đạt",
  approx: "khoảng",
  avg_per_year: "bình quân/năm",
  yoy: "so với cùng kỳ",
  share_of_target: "so với chỉ tiêu",
};
// Shown after a value; the others are already said by its unit ("%/năm") or its name.
const QUALIFIER_WORDS: Record<string, string> = { cumulative: QUALIFIER_LABELS.cumulative, estimate: QUALIFIER_LABELS.estimate };

/** "4.262,7 triệu USD", "46,19%", "5,27%/năm", "khoảng 9.953 lao động", "giảm 2,4%". */
export function figureValue(f: FigureRow): string {
  const negative = f.value.startsWith("-");
  const number = formatViNumber(negative ? f.value.slice(1) : f.value);
  const unit = [f.scale, f.unit].filter(Boolean).join(" ");
  const glued = unit.startsWith("%") ? `${number}${unit}` : unit ? `${number} ${unit}` : number;
  const approx = f.qualifiers.includes("approx") ? "khoảng " : "";
  return `${negative ? "giảm " : ""}${approx}${glued}`;
}

/** "giai đoạn 2021–2023", or the report's date when the figure names no period ("đến nay"). */
export function figurePeriod(f: FigureRow): string {
  if (f.periodLabel) return f.periodLabel;
  return f.report.publishedAt ? `tính đến ${formatDay(f.report.publishedAt)}` : "kỳ không ghi rõ";
}

export function figureNotes(f: FigureRow): string {
  const words = f.qualifiers.map((q) => QUALIFIER_WORDS[q]).filter(Boolean);
  return words.length ? ` (${words.join(", ")})` : "";
}

export function sourceLine(report: ReportRef): string {
  const parts = [`“${report.title}”`];
  if (report.source) parts.push(report.source);
  if (report.publishedAt) parts.push(`cập nhật ${formatDay(report.publishedAt)}`);
  const link = /^https?:\/\//.test(report.url) ? `\n${report.url}` : "";
  return `Nguồn: ${parts.join(", ")}.${link}`;
}
