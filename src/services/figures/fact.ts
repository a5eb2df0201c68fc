// A figure is a fact with a meaning, not a number near a keyword: what it measures (subject and
// part), how (level, change, share of plan...), for when (period), how sure (status) and where it
// was read. Everything the answers need to say exactly what was asked.
import type { Period } from "./periods.ts";

/**
 * - level: the quantity itself ("đạt 142,37 triệu USD", "có 37 dự án");
 * - change: a change in percent against `base` ("tăng 8,2% so với cùng kỳ", "giảm 1,86% so với tháng trước");
 * - plan_share / target_share: percent of the year's plan / of a term's target ("đạt 39,79% kế hoạch năm");
 * - total_share: percent of a whole ("chiếm 44,04% giá trị toàn ngành");
 * - increment: what was added in the period ("thu hút thêm 04 dự án", "phát triển thêm 9,75 MW").
 */
export type Measure = "level" | "change" | "plan_share" | "target_share" | "total_share" | "increment";

/**
 * For changes: against the same period of the previous year, the previous period, per year on
 * average, or against a year the report names ("so với năm 2022": "year:2022").
 */
export type ChangeBase = "same_period" | "previous_period" | "per_year" | `year:${number}`;

/** target covers kế hoạch, chỉ tiêu, mục tiêu and phấn đấu: never an actual figure. */
export type Status = "actual" | "estimate" | "preliminary" | "official" | "target";

/** khoảng; hơn/trên; gần; tối thiểu/không dưới; dưới/không quá. */
export type Approx = "about" | "over" | "under" | "at_least" | "at_most";

export interface Fact {
  /** Known indicator key (lexicon.ts), or null when the report's subject has none. */
  indicator: string | null;
  /** What is measured, as a reader would name it: the indicator's name, or the report's own phrase. */
  subject: string;
  /** A "trong đó" breakdown of the subject: "khu vực FDI", "nhóm hàng dừa"; null for the whole. */
  part: string | null;
  measure: Measure;
  base: ChangeBase | null;
  /** Decimal string with "." as decimal mark, signed (a fall is negative), without the scale. */
  value: string;
  scale: string | null;
  unit: string | null;
  approx: Approx | null;
  period: Period | null;
  status: Status;
  /** "giá so sánh 2010", "giá hiện hành". */
  basis: string | null;
  /** The number as written with its scale and unit. */
  raw: string;
  /** The sentence, or "row | column" of the table cell, it was read from. */
  sentence: string;
  /** Reading order within the report. */
  position: number;
  /** Folded words around the figure (its clause and sentence), for matching questions. */
  context: string;
}

/** Status rank for revisions: an official figure beats an actual one, which beats an estimate. */
export function statusRank(s: Status): number {
  return s === "official" ? 3 : s === "estimate" ? 1 : s === "target" ? 0 : 2;
}
