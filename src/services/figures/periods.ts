// Reporting periods in Vietnamese text, accented or not ("quý III/2024", "6 thang dau nam 2024").
// Dates ("23/10/2023", "ngày 12 tháng 10 năm 2021") are found too, but only so that they can win
// over the periods hiding inside them; they are never returned as periods.
import { foldWithOrigin } from "./fold-map.ts";

export type PeriodKind = "year" | "range" | "months" | "quarter" | "month";

export interface Period {
  kind: PeriodKind;
  /** First and last year covered; equal except for ranges. */
  start: number;
  end: number;
  /** Vietnamese display: "năm 2023", "giai đoạn 2021–2023", "quý III/2024"... */
  label: string;
  /** "6 tháng đầu năm 2024" → 6. */
  months?: number;
  quarter?: number;
  month?: number;
}

export interface PeriodMatch {
  period: Period;
  /** Offset and length in the text given. */
  index: number;
  length: number;
  /** A comparison base or a horizon ("so với cùng kỳ năm 2023", "tầm nhìn đến năm 2030"), not the period a figure is for. */
  reference: boolean;
}

// A year, and a year standing on its own (not the tail of "23/10/2023" or "0275.3822").
const YEAR = String.raw`((?:19|20)\d{2}|2100)(?!\d|[.,\/]\d)`;
const Y = String.raw`(?<![\d\/.,])${YEAR}`;
const ROMAN = ["", "i", "ii", "iii", "iv"];
const COUNT_WORDS: Record<string, number> = { ba: 3, sau: 6, chin: 9 };

function year(s: string): number | null {
  const y = Number(s);
  return y >= 1990 && y <= 2100 ? y : null;
}

type Build = (m: RegExpExecArray) => Period | "date" | null;

const RULES: { re: RegExp; build: Build }[] = [
  {
    re: new RegExp(
      String.raw`\bngay\s+\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|(?<![\d\/.,])\d{1,2}\s*[\/-]\s*\d{1,2}\s*[\/-]\s*\d{4}(?!\d)|\bngay\s+\d{1,2}\s*\/\s*\d{1,2}(?![\d\/])`,
      "g",
    ),
    build: () => "date",
  },
  {
    re: new RegExp(String.raw`(?:\b(?:giai doan|thoi ky|thoi gian|tu nam|tu|cac nam|nam)\s+)?${Y}(?:\s*(?:-|–|—|\bden(?:\s+nam)?\b|\btoi(?:\s+nam)?\b)\s*|\s+)${Y}`, "g"),
    // Two years side by side ("2021 2023") are a range too: people type questions that way.
    build: (m) => {
      const [a, b] = [year(m[1]), year(m[2])];
      if (a === null || b === null || b < a || b - a > 50) return null;
      return a === b ? yearPeriod(a) : { kind: "range", start: a, end: b, label: `giai đoạn ${a}–${b}` };
    },
  },
  {
    re: new RegExp(String.raw`(?<![\d\/.,])\b(\d{1,2}|ba|sau|chin)\s+thang\s+(?:dau\s+)?(?:nam\s+)?${Y}`, "g"),
    build: (m) => {
      const n = COUNT_WORDS[m[1]] ?? Number(m[1]);
      const y = year(m[2]);
      if (y === null || n < 1 || n > 12) return null;
      if (n === 12) return yearPeriod(y);
      // One label per (months, year), whatever the wording: "đầu" for the first half and less.
      const label = n <= 6 ? `${n} tháng đầu năm ${y}` : `${n} tháng năm ${y}`;
      return { kind: "months", start: y, end: y, months: n, label };
    },
  },
  {
    re: new RegExp(String.raw`\bquy\s+(iv|iii|ii|i|[1-4])(?:\s*[\/-]\s*|\s*,?\s+(?:nam\s+)?)${YEAR}`, "g"),
    build: (m) => {
      const q = /\d/.test(m[1]) ? Number(m[1]) : ROMAN.indexOf(m[1]);
      const y = year(m[2]);
      if (y === null) return null;
      return { kind: "quarter", start: y, end: y, quarter: q, label: `quý ${ROMAN[q].toUpperCase()}/${y}` };
    },
  },
  {
    re: new RegExp(String.raw`\bthang\s+(\d{1,2})(?:\s*[\/-]\s*|\s+(?:nam\s+)?)${YEAR}`, "g"),
    build: (m) => {
      const month = Number(m[1]);
      const y = year(m[2]);
      if (y === null || month < 1 || month > 12) return null;
      return { kind: "month", start: y, end: y, month, label: `tháng ${month}/${y}` };
    },
  },
  { re: new RegExp(String.raw`(?:\b(?:ca\s+)?nam\s+)?${Y}`, "g"), build: (m) => (year(m[1]) === null ? null : yearPeriod(year(m[1])!)) },
];

function yearPeriod(y: number): Period {
  return { kind: "year", start: y, end: y, label: `năm ${y}` };
}

const REFERENCE_BEFORE = /(?:\bso voi(?:\s+cung ky)?|\bcung ky|\btam nhin(?:\s+den)?)\s*$/;

interface Found {
  index: number;
  length: number;
  found: Period | "date";
}

/** Periods and dates in folded text, overlaps resolved (earliest, then longest wins). */
export function scanFolded(folded: string): (Found & { reference: boolean })[] {
  const all: Found[] = [];
  for (const { re, build } of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const found = build(m);
      if (found) all.push({ index: m.index, length: m[0].length, found });
    }
  }
  all.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: (Found & { reference: boolean })[] = [];
  let end = 0;
  for (const f of all) {
    if (f.index < end) continue;
    kept.push({ ...f, reference: REFERENCE_BEFORE.test(folded.slice(Math.max(0, f.index - 24), f.index)) });
    end = f.index + f.length;
  }
  return kept;
}

/** Every period in the text, in order, with offsets into the text as given. */
export function findPeriods(text: string): PeriodMatch[] {
  const f = foldWithOrigin(text);
  return scanFolded(f.text).flatMap((s) => {
    if (s.found === "date") return [];
    const start = f.origin[s.index];
    return [{ period: s.found, index: start, length: f.origin[s.index + s.length] - start, reference: s.reference }];
  });
}

/** The period a text (a question, a sentence) is about: the first one that is not a comparison base. */
export function parsePeriod(text: string): Period | null {
  const found = findPeriods(text);
  return (found.find((p) => !p.reference) ?? found[0])?.period ?? null;
}
