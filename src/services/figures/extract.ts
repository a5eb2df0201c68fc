// Figures in a department report: "Lũy kế Giá trị SXCN từ năm 2021 đến năm 2023 đạt 108.092 tỷ đồng"
// becomes { indicator: "industrial_output_value", value: "108092", scale: "tỷ", unit: "đồng",
// period 2021–2023, qualifiers: ["cumulative"] }. Pure: text in, figures out.
import { tidy } from "../text/fold.ts";
import { attribute, type NumberContext } from "./attribute.ts";
import { foldWithOrigin, sourceSlice } from "./fold-map.ts";
import { DOMAIN_PHRASES, TEXT_PHRASES, indicatorByKey } from "./indicators.ts";
import { parseViNumber } from "./numbers.ts";
import { scanFolded, type Period } from "./periods.ts";
import { numberTokens, occurrences, paragraphs, sentences, type NumberToken, type Span } from "./scan.ts";
import { derivedSuffix, readSignals } from "./qualify.ts";
import { readTrailer, trailerKind, MEASURE_KINDS } from "./units.ts";

export interface ExtractedFigure {
  indicator: string;
  indicatorName: string;
  /** Decimal string, "." as decimal mark, without the scale: "4262.7" for "4.262,7 triệu USD". */
  value: string;
  scale: string | null;
  unit: string | null;
  periodKind: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  periodLabel: string | null;
  /** cumulative, estimate, avg_per_year, yoy, share_of_target, approx. */
  qualifiers: string[];
  /** The number with its scale and unit as written: "4.262,7 triệu USD", "10/19 dự án". */
  raw: string;
  sentence: string;
  /** Offset of the number in the text given. */
  position: number;
  /** "10/19 dự án": the 19. */
  outOf?: string;
}

type Found = ReturnType<typeof scanFolded>[number];
const CONTINUES = /^\s*(?:va|dong thoi|trong do|rieng|con)\b/;

/** Extracts the figures of a report, in text order. */
export function extractFigures(text: string): ExtractedFigure[] {
  const f = foldWithOrigin(text);
  const t = f.text;
  const temporal = scanFolded(t);
  const out: ExtractedFigure[] = [];
  for (const para of paragraphs(t)) {
    const phrases = occurrences(t, para, TEXT_PHRASES);
    const marks = occurrences(t, para, DOMAIN_PHRASES);
    let carried: Period | null = null;
    for (const sentence of sentences(t, para)) {
      const spans = temporal.filter((s) => s.index >= sentence.start && s.index < sentence.end);
      const periods = spans.filter((s): s is Found & { found: Period } => s.found !== "date" && !s.reference);
      const inherited: Period | null = CONTINUES.test(t.slice(sentence.start, sentence.end)) ? carried : null;
      const tokens = numberTokens(t, sentence, para.start).filter(
        (n) => !spans.some((s) => n.start < s.index + s.length && n.end > s.index),
      );
      const state: SentenceState = { prevEnd: sentence.start, previous: null, estimated: new Set(), seen: new Set() };
      for (const token of tokens) {
        const figure = readFigure(token, { t, sentence, phrases, marks, periods, inherited, state });
        if (!figure) continue;
        const id = `${figure.indicator}|${figure.value}|${figure.periodLabel}`;
        if (state.seen.has(id)) continue; // "19 dự án điện gió (19 nhà máy)" says it twice
        state.seen.add(id);
        const { rawEnd, ...rest } = figure;
        out.push({
          ...rest,
          raw: sourceSlice(text, f, token.start, rawEnd).trim(),
          sentence: tidy(sourceSlice(text, f, sentence.start, sentence.end)),
          position: f.origin[token.start],
        });
      }
      carried = periods.at(-1)?.found ?? inherited;
    }
  }
  return out;
}

interface SentenceScope {
  t: string;
  sentence: Span;
  phrases: NumberContext["phrases"];
  marks: NumberContext["marks"];
  periods: (Found & { found: Period })[];
  inherited: Period | null;
  state: SentenceState;
}

interface SentenceState {
  /** End of the previous number with its unit. */
  prevEnd: number;
  /** The previous figure's base indicator, for companions (attribute.ts). */
  previous: { key: string; start: number; end: number } | null;
  /** Base indicators already said to be estimates in this sentence ("ước đạt X, tăng Y%"). */
  estimated: Set<string>;
  seen: Set<string>;
}

type Draft = Omit<ExtractedFigure, "raw" | "sentence" | "position"> & { rawEnd: number };

function readFigure(token: NumberToken, s: SentenceScope): Draft | null {
  const { t, sentence, state } = s;
  const trailer = readTrailer(t, token.end);
  const trailerEnd = token.end + trailer.length;
  const kind = trailerKind(trailer) ?? "none";
  const wide = t.slice(Math.max(state.prevEnd, sentence.start), token.start);
  const lastSeparator = Math.max(...[",", ";", ":", "("].map((c) => t.lastIndexOf(c, token.start - 1)));
  const clauseStart = Math.max(state.prevEnd, sentence.start, lastSeparator + 1);
  state.prevEnd = trailerEnd;
  if (kind === "duration") return null;
  const [numerator, total] = token.parts;
  if (total !== undefined && (kind === "none" || MEASURE_KINDS.has(kind) || Number(parseViNumber(numerator)) > Number(parseViNumber(total)))) return null;

  const stop = /[,;:()]|\d/g;
  stop.lastIndex = trailerEnd;
  const rightEnd = Math.min(stop.exec(t)?.index ?? sentence.end, sentence.end, trailerEnd + 80);
  const chained = state.previous && !/[;.]/.test(t.slice(state.previous.end, token.start)) ? state.previous : null;
  const who = attribute({
    start: token.start, end: token.end, trailerEnd, kind, sentence, clauseStart, rightEnd,
    phrases: s.phrases, marks: s.marks, previous: chained,
  });
  if (!who) return null;
  state.previous = { key: who.key, start: token.start, end: trailerEnd };

  const right = t.slice(trailerEnd, rightEnd);
  const chainStart = Math.max(sentence.start, t.lastIndexOf(";", token.start - 1) + 1);
  const sig = readSignals(
    { clause: t.slice(clauseStart, token.start), sinceLast: wide, chain: t.slice(chainStart, token.start), right },
    kind === "percent",
    Boolean(trailer.unit?.perYear),
  );
  const key = who.derived ? `${who.key}.${derivedSuffix(sig, right)}` : who.key;
  const period = nearestPeriod(s.periods, token.start, trailerEnd) ?? s.inherited;
  // An estimate stays one for the figures of the same indicator after it: "ước đạt X, tăng Y%".
  const estimate = sig.estimate || state.estimated.has(who.key);
  if (estimate) state.estimated.add(who.key);
  // A flow over several years is a running total even without "lũy kế".
  const flow = kind === "money" || kind === "energy";
  const absolute = !who.derived && kind !== "percent";
  const qualifiers = [
    absolute && (sig.cumulative || (period?.kind === "range" && flow)) && "cumulative",
    estimate && "estimate",
    sig.perYear && "avg_per_year",
    sig.yoy && "yoy",
    sig.share && "share_of_target",
    sig.approx && "approx",
  ].filter((q): q is string => typeof q === "string");
  const value = parseViNumber(numerator)!;
  return {
    indicator: key,
    indicatorName: indicatorByKey(key)!.name,
    value: who.derived && sig.decrease && !sig.share ? `-${value}` : value,
    scale: trailer.scale,
    unit: trailer.unit?.display ?? null,
    periodKind: period?.kind ?? null,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    periodLabel: period?.label ?? null,
    qualifiers,
    rawEnd: trailerEnd,
    ...(total !== undefined ? { outOf: parseViNumber(total)! } : {}),
  };
}

/** The period written before the number in its sentence, else the first one after it. */
function nearestPeriod(periods: (Found & { found: Period })[], start: number, end: number): Period | null {
  const before = periods.filter((p) => p.index + p.length <= start).at(-1);
  return (before ?? periods.find((p) => p.index >= end))?.found ?? null;
}
