// Which indicator a number in a report belongs to. Units decide most cases: "81,3909 ha" cannot be
// the occupancy rate, "37,48%" cannot be the leased area, whatever phrase stands nearest.
import { isRate, type Domain, type TextPhrase } from "./indicators.ts";
import { LEXICON, type IndicatorDef } from "./lexicon.ts";
import type { Span } from "./scan.ts";
import { MEASURE_KINDS } from "./units.ts";

export type Occurrence = TextPhrase & Span;
export type DomainMark = { domain: Domain } & Span;

export interface NumberContext {
  /** The number itself, and where its scale and unit end. */
  start: number;
  end: number;
  trailerEnd: number;
  /** Unit kind (units.ts), or "none" for a bare number. */
  kind: string;
  sentence: Span;
  /** Start of the number's own clause: after the last comma or the previous number. */
  clauseStart: number;
  /** End of the words that follow the unit and still describe it ("dự án đang làm thủ tục"). */
  rightEnd: number;
  /** Phrase occurrences and domain marks of the whole paragraph. */
  phrases: Occurrence[];
  marks: DomainMark[];
  /** The figure just before in the same clause chain (no ";" between), if any. */
  previous: { key: string; start: number } | null;
}

export interface Attribution {
  key: string;
  /** A percentage of a non-percent indicator: growth, share of target... (extract.ts decides which). */
  derived: boolean;
  /** Where the phrase that named it starts; -1 when the unit or a companion decided. */
  at: number;
}

const BY_KEY = new Map<string, IndicatorDef>(LEXICON.map((i) => [i.key, i]));

function fit(key: string, kind: string): "direct" | "derived" | null {
  const ind = BY_KEY.get(key)!;
  if (ind.units.includes(kind) || (kind === "none" && ind.units.includes("index"))) return "direct";
  return kind === "percent" && !isRate(ind) ? "derived" : null;
}

/** Start of the latest mention of the domain before `pos`, or -1. */
function lastMark(marks: DomainMark[], domain: Domain, pos: number): number {
  let at = -1;
  for (const m of marks) if (m.domain === domain && m.start < pos && m.start > at) at = m.start;
  return at;
}

export function attribute(n: NumberContext): Attribution | null {
  // A cue counts once its domain has come up; after a count, the words that follow may name the
  // domain themselves ("385.420 hộ dân sử dụng điện", "5 dự án vào CCN").
  const usable = (o: Occurrence, until = n.start) => o.needs === null || lastMark(n.marks, o.needs, until) >= 0;
  const recency = (o: Occurrence) => lastMark(n.marks, BY_KEY.get(o.key)!.domain, n.start);
  const length = (o: Span) => o.end - o.start;
  const isCount = n.kind !== "none" && !MEASURE_KINDS.has(n.kind);

  // A count is named by the words right after it: "10/19 dự án đang triển khai các thủ tục pháp lý",
  // including phrases that start with its unit ("12/19 dự án điện gió đã lắp đặt") but not the
  // unit alone.
  if (isCount) {
    const right = n.phrases
      .filter((o) => o.start >= n.end && o.end > n.trailerEnd && o.start < n.rightEnd && usable(o, o.end) && fit(o.key, n.kind) === "direct")
      .sort((a, b) => a.start - b.start || length(b) - length(a));
    if (right[0]) return { key: right[0].key, derived: false, at: right[0].start };
  }

  // Otherwise by the nearest phrase before it, preferring one of its own unit within its clause,
  // so that "Tỷ lệ lấp đầy CCN đạt 37,48%" is the rate and not a percentage of the cluster count.
  const left = n.phrases
    .filter((o) => o.start >= n.sentence.start && o.end <= n.start && usable(o))
    .map((o) => ({ o, fit: fit(o.key, n.kind) }))
    .filter((c): c is { o: Occurrence; fit: "direct" | "derived" } => c.fit !== null);
  const nearest = (a: (typeof left)[number], b: (typeof left)[number]) =>
    b.o.end - a.o.end || Number(b.fit === "direct") - Number(a.fit === "direct") || length(b.o) - length(a.o) || recency(b.o) - recency(a.o);
  const chosen = left.filter((c) => c.fit === "direct" && c.o.end > n.clauseStart).sort(nearest)[0] ?? left.sort(nearest)[0];
  // "09/19 dự án ... với công suất khoảng 365,9 MW": a measure right after a count belongs with
  // that count, unless a phrase naming it outright stands between them.
  const companion = n.previous && BY_KEY.get(n.previous.key)?.companion;
  if (companion && fit(companion, n.kind) === "direct" && (!chosen || chosen.o.needs !== null || chosen.o.end <= n.previous!.start)) {
    return { key: companion, derived: false, at: -1 };
  }
  if (chosen) return { key: chosen.o.key, derived: chosen.fit === "derived", at: chosen.o.start };

  // Last, the unit alone: "08 CCN", or "9.953 lao động" in a paragraph about clusters, the most
  // recent domain winning.
  if (!isCount) return null;
  const byUnit = LEXICON.filter((i) => i.byUnit && i.units.includes(n.kind))
    .map((i) => ({ i, at: i.byUnit === "always" ? Infinity : lastMark(n.marks, i.domain, n.rightEnd) }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => b.at - a.at)[0];
  return byUnit ? { key: byUnit.i.key, derived: false, at: -1 } : null;
}
