// How a fact reads in a reply: "142,37 triệu USD", "giảm 1,86% so với tháng trước", "đạt 102,94%
// kế hoạch (vượt 2,94%)", "Kế hoạch năm 2026: 1,8 tỷ USD", always with its period and source.
import type { FactRow, ReportRef } from "../services/figures/lookup.ts";
import { formatViNumber } from "../services/figures/numbers.ts";

const dayFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });
export const formatDay = (d: Date) => dayFormat.format(d);

const APPROX: Record<string, string> = { about: "khoảng ", over: "hơn ", under: "gần ", at_least: "tối thiểu ", at_most: "dưới " };
const BASE: Record<string, string> = { same_period: "so với cùng kỳ", previous_period: "so với kỳ trước" };
export const STATUS_LABEL: Record<string, string> = { estimate: "ước tính", preliminary: "sơ bộ", official: "số liệu chính thức", target: "kế hoạch", actual: "" };

type Shown = Pick<FactRow, "value" | "scale" | "unit" | "approx" | "measure" | "base" | "periodKind">;

/** The number with its scale and unit: "4.262,7 triệu USD", "46,19%", "khoảng 9.953 lao động". */
export function quantity(f: Pick<Shown, "value" | "scale" | "unit" | "approx">): string {
  const number = formatViNumber(f.value.replace(/^-/, ""));
  const unit = [f.scale, f.unit].filter(Boolean).join(" ");
  const glued = unit.startsWith("%") ? `${number}${unit}` : unit ? `${number} ${unit}` : number;
  return `${f.approx ? APPROX[f.approx] : ""}${glued}`;
}

/** A fact as words: a quantity, or a change and share said as such. */
export function figureValue(f: Shown): string {
  const negative = f.value.startsWith("-");
  switch (f.measure) {
    case "change": {
      const verb = negative ? "giảm" : "tăng";
      if (f.base === "per_year") return `${verb} bình quân ${quantity({ ...f, unit: f.unit === "%/năm" ? f.unit : "%/năm" })}`;
      const base = f.base?.startsWith("year:")
        ? `so với năm ${f.base.slice(5)}`
        : f.base === "previous_period" && f.periodKind === "month"
          ? "so với tháng trước"
          : f.base === "previous_period" && f.periodKind === "quarter"
            ? "so với quý trước"
            : BASE[f.base ?? "same_period"];
      return `${verb} ${quantity({ ...f, unit: f.unit ?? "%" })} ${base}`;
    }
    case "plan_share":
    case "target_share": {
      const of = f.measure === "plan_share" ? "kế hoạch" : "chỉ tiêu nhiệm kỳ";
      const over = Number(f.value) - 100;
      const note = over > 0 ? ` (vượt ${formatViNumber(String(Number(over.toFixed(4))))}%)` : "";
      return `đạt ${quantity({ ...f, unit: "%" })} ${of}${note}`;
    }
    case "total_share":
      return `chiếm ${quantity({ ...f, unit: "%" })} của tổng`;
    case "increment":
      return `tăng thêm ${quantity(f)}`;
    default:
      return `${negative ? "-" : ""}${quantity(f)}`;
  }
}

/** A stored Figure row (no report attached) as words. */
export function storedValue(f: {
  value: string;
  scale: string | null;
  unit: string | null;
  approx: string | null;
  measure: string;
  base: string | null;
  periodKind: string | null;
}): string {
  return figureValue(f as Shown);
}

/** "tháng 5/2026", "giai đoạn 2021–2023", "tính đến 16/01/2026". */
export function figurePeriod(f: Pick<FactRow, "periodLabel" | "report">): string {
  if (f.periodLabel) return f.periodLabel;
  return f.report.publishedAt ? `tính đến ${formatDay(f.report.publishedAt)}` : "kỳ không ghi rõ";
}

/** "(ước tính)", "(số liệu chính thức)", "(giá so sánh 2010)". */
export function figureNotes(f: Pick<FactRow, "status" | "basis">): string {
  const notes = [f.status === "target" ? "" : STATUS_LABEL[f.status], f.basis].filter(Boolean);
  return notes.length ? ` (${notes.join(", ")})` : "";
}

export function sourceLine(report: ReportRef): string {
  const parts = [`“${report.title}”`];
  if (report.source) parts.push(report.source);
  if (report.publishedAt) parts.push(`cập nhật ${formatDay(report.publishedAt)}`);
  const link = /^https?:\/\//.test(report.url) ? `\n${report.url}` : "";
  const unofficial = report.authoritative ? "" : "\n(Bài viết từ nguồn tin bên ngoài, không phải báo cáo của Sở: chỉ để tham khảo.)";
  return `Nguồn: ${parts.join(", ")}.${link}${unofficial}`;
}
