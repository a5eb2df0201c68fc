// Reporting periods in Vietnamese text, accented or not ("quý III/2024", "6 thang dau nam 2024").
// A period is a range of months, so that "quý I/2026" and "3 tháng đầu năm 2026" are one period.
// Periods written without a year ("tháng 5", "lũy kế 7 tháng", "cả năm") take the year of their
// context (the report's title, else its date); dates ("23/10/2023", "ngày 12 tháng 10 năm 2021")
// are found only so that they win over the periods hiding inside them.
import { foldWithOrigin } from "./fold-map.ts";
import { maskBasis } from "./basis.ts";

export type PeriodKind = "year" | "range" | "months" | "quarter" | "half" | "month" | "asof";

export interface Period {
  kind: PeriodKind;
  /** First and last year covered; equal except for ranges. */
  start: number;
  end: number;
  /** Vietnamese display: "năm 2023", "giai đoạn 2021–2023", "quý III/2024"... */
  label: string;
  /** First and last month covered, as year * 12 + month - 1; for "asof", both are the day's month. */
  from: number;
  to: number;
  /** "6 tháng đầu năm 2024" → 6. */
  months?: number;
  quarter?: number;
  month?: number;
  /** "asof": the day, "dd/mm/yyyy". */
  day?: string;
}

export interface PeriodMatch {
  period: Period;
  /** Offset and length in the text given. */
  index: number;
  length: number;
  /** A comparison base or a horizon ("so với cùng kỳ năm 2023", "tầm nhìn đến năm 2030"), not the period a figure is for. */
  reference: boolean;
}

/** A period or a relative phrase that needs the report's own period ("trong tháng", "đến nay"). */
export type Found = Period | "date" | { relative: "this_month" | "this_quarter" | "this_year" | "now" | "term_to_date" | "year_to_date" };

const YEAR = String.raw`((?:19|20)\d{2}|2100)(?!\d|[.,\/]\d)`;
const Y = String.raw`(?<![\d\/.,])${YEAR}`;
/** An optional year after a period word: "tháng 5/2026", "5 tháng đầu năm 2026", "quý I năm 2026". */
const OPT_Y = String.raw`(?:(?:\s*[\/-]\s*|\s*,?\s+(?:nam\s+)?)${YEAR})?`;
const ROMAN = ["", "i", "ii", "iii", "iv"];
const COUNT_WORDS: Record<string, number> = { hai: 2, ba: 3, bon: 4, sau: 6, bay: 7, chin: 9, muoi: 10 };

function year(s: string | undefined, context: number | null): number | null {
  if (s === undefined) return context;
  const y = Number(s);
  return y >= 1990 && y <= 2100 ? y : null;
}

const at = (y: number, month: number) => y * 12 + month - 1;

export function yearPeriod(y: number): Period {
  return { kind: "year", start: y, end: y, label: `năm ${y}`, from: at(y, 1), to: at(y, 12) };
}

export function monthsPeriod(n: number, y: number): Period {
  if (n === 12) return yearPeriod(y);
  // One label per (months, year), whatever the wording: "đầu" for the first half and less.
  const label = n <= 6 ? `${n} tháng đầu năm ${y}` : `${n} tháng năm ${y}`;
  return { kind: "months", start: y, end: y, months: n, label, from: at(y, 1), to: at(y, n) };
}

export function monthPeriod(month: number, y: number): Period {
  return { kind: "month", start: y, end: y, month, label: `tháng ${month}/${y}`, from: at(y, month), to: at(y, month) };
}

export function quarterPeriod(q: number, y: number): Period {
  return { kind: "quarter", start: y, end: y, quarter: q, label: `quý ${ROMAN[q].toUpperCase()}/${y}`, from: at(y, q * 3 - 2), to: at(y, q * 3) };
}

export function asOfPeriod(day: Date): Period {
  const local = new Date(day.getTime() + 7 * 3600_000);
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const label = `tính đến ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
  return { kind: "asof", start: y, end: y, label, from: at(y, m), to: at(y, m), day: label.slice(10) };
}

/** "Up to now" when the report's date is unknown: the end of the month a period ends in. */
export function asOfMonthEnd(to: number): Period {
  const y = Math.floor(to / 12);
  const m = (to % 12) + 1;
  return { kind: "asof", start: y, end: y, label: `tính đến cuối tháng ${m}/${y}`, from: to, to };
}

type Build = (m: RegExpExecArray, context: number | null) => Found | null;

const RULES: { re: RegExp; build: Build }[] = [
  {
    // "lũy kế đến ngày 30/6/2024": a stock on that day.
    re: /\b(?:den|tinh den|tai)\s+ngay\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})(?!\d)/g,
    build: (m) => {
      const d = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) - 7 * 3600_000);
      return Number.isNaN(d.getTime()) || Number(m[2]) > 12 || Number(m[1]) > 31 ? "date" : asOfPeriod(d);
    },
  },
  {
    re: /\bngay\s+\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|(?<![\d/.,])\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{4}(?!\d)|\bngay\s+\d{1,2}\s*\/\s*\d{1,2}(?![\d/])|(?<![\d/.,])\d{1,2}\/\d{1,2}(?=\s*(?:,|\.|;|\)|$|\s+(?:cua|tai|ve|nam)\b))/g,
    build: () => "date",
  },
  {
    re: new RegExp(String.raw`(?:\b(?:giai doan|thoi ky|thoi gian|tu nam|tu|cac nam|nam)\s+)?${Y}(?:\s*(?:-|–|—|\bden(?:\s+nam)?\b|\btoi(?:\s+nam)?\b)\s*|\s+)${Y}`, "g"),
    // Two years side by side ("2021 2023") are a range too: people type questions that way.
    build: (m) => {
      const [a, b] = [year(m[1], null), year(m[2], null)];
      if (a === null || b === null || b < a || b - a > 50) return null;
      return a === b ? yearPeriod(a) : { kind: "range", start: a, end: b, label: `giai đoạn ${a}–${b}`, from: at(a, 1), to: at(b, 12) };
    },
  },
  {
    re: new RegExp(String.raw`\bnua\s+dau\s+nam${OPT_Y}`, "g"),
    build: (m, c) => {
      const y = year(m[1], c);
      return y === null ? null : monthsPeriod(6, y);
    },
  },
  { re: /\btu\s+dau\s+nhiem\s+ky(?:\s+(?:den|toi)\s+nay)?\b/g, build: () => ({ relative: "term_to_date" }) },
  {
    re: new RegExp(String.raw`\b(?:(?:6|sau)\s+thang|nua)\s+cuoi\s+nam${OPT_Y}`, "g"),
    build: (m, c) => {
      const y = year(m[1], c);
      return y === null ? null : { kind: "half", start: y, end: y, label: `6 tháng cuối năm ${y}`, from: at(y, 7), to: at(y, 12) };
    },
  },
  {
    re: new RegExp(
      String.raw`(?<![\d\/.,])\b(\d{1,2}|hai|ba|bon|sau|bay|chin|muoi)\s+thang(?!\s+(?:truoc|nay|cung|qua|toi|tiep|cuoi)\b)(?:\s+dau)?(?:\s+nam)?(?:\s+${YEAR})?`,
      "g",
    ),
    build: (m, c) => {
      const n = COUNT_WORDS[m[1]] ?? Number(m[1]);
      const y = year(m[2], c);
      return y === null || n < 2 || n > 12 ? null : monthsPeriod(n, y);
    },
  },
  {
    re: new RegExp(String.raw`\bquy\s+(iv|iii|ii|i|[1-4])\b${OPT_Y}`, "g"),
    build: (m, c) => {
      const q = /\d/.test(m[1]) ? Number(m[1]) : ROMAN.indexOf(m[1]);
      const y = year(m[2], c);
      return y === null ? null : quarterPeriod(q, y);
    },
  },
  {
    re: new RegExp(String.raw`\bthang\s+(\d{1,2})(?![\d.,]*\s*(?:%|thang\b))${OPT_Y}`, "g"),
    build: (m, c) => {
      const month = Number(m[1]);
      const y = year(m[2], c);
      return y === null || month < 1 || month > 12 ? null : monthPeriod(month, y);
    },
  },
  {
    // "từ đầu năm đến hết tháng 5/2025": the months since January.
    re: new RegExp(String.raw`\b(?:(?:tinh\s+)?tu\s+dau\s+nam\s+(?:den|toi)|tinh\s+den|luy\s+ke\s+den)\s+(?:het\s+|cuoi\s+)?thang\s+(\d{1,2})${OPT_Y}`, "g"),
    build: (m, c) => {
      const y = year(m[2], c);
      return y === null || Number(m[1]) < 1 || Number(m[1]) > 12 ? null : Number(m[1]) === 1 ? monthPeriod(1, y) : monthsPeriod(Number(m[1]), y);
    },
  },
  { re: /\b(?:tinh\s+|luy\s+ke\s+)?tu\s+dau\s+nam(?:\s+(?:den|toi)\s+nay)?\b/g, build: () => ({ relative: "year_to_date" }) },
  { re: /\b(?:trong|rieng|cua)\s+thang(?:\s+nay)?\b(?!\s+\d)/g, build: () => ({ relative: "this_month" }) },
  { re: /\b(?:trong|rieng|cua)\s+quy(?:\s+nay)?\b(?!\s+(?:\d|i|v))/g, build: () => ({ relative: "this_quarter" }) },
  { re: /\b(?:ca\s+nam|trong\s+nam|nam\s+nay)\b(?!\s+\d)/g, build: () => ({ relative: "this_year" }) },
  { re: /\b(?:den\s+nay|hien\s+nay|hien\s+co|hien\s+(?=cac\b|toan\b|tinh\b)|den\s+thoi\s+diem\s+nay|tinh\s+den\s+nay)\b/g, build: () => ({ relative: "now" }) },
  { re: new RegExp(String.raw`(?:\b(?:ca\s+)?nam\s+)?${Y}`, "g"), build: (m) => (year(m[1], null) === null ? null : yearPeriod(year(m[1], null)!)) },
];

// "so với năm 2023", "so với ước thực hiện năm 2024", "cùng kỳ năm 2023", "tầm nhìn đến năm 2030".
const REFERENCE_BEFORE = /(?:\bso\s+voi\b[^,;:.()]{0,30}|\bso\s+cung\s+ky|\bcung\s+ky|\btam\s+nhin(?:\s+den)?|\bgia\s+(?:so\s+sanh|co\s+dinh))\s*$/;

export interface Scanned {
  index: number;
  length: number;
  found: Found;
  reference: boolean;
}

/**
 * Periods, relative period words and dates in folded text, overlaps resolved (earliest, then
 * longest wins). `contextYear` completes periods written without a year.
 */
export function scanFolded(folded: string, contextYear: number | null = null): Scanned[] {
  const text = maskBasis(folded);
  const all: Omit<Scanned, "reference">[] = [];
  for (const { re, build } of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = build(m, contextYear);
      if (found) all.push({ index: m.index, length: m[0].length, found });
    }
  }
  all.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: Scanned[] = [];
  let end = 0;
  for (const f of all) {
    if (f.index < end) continue;
    kept.push({ ...f, reference: REFERENCE_BEFORE.test(text.slice(Math.max(0, f.index - 40), f.index)) });
    end = f.index + f.length;
  }
  return kept;
}

export const isPeriod = (f: Found): f is Period => typeof f === "object" && "kind" in f;

/** Every period in the text, in order, with offsets into the text as given. */
export function findPeriods(text: string, contextYear: number | null = null): PeriodMatch[] {
  const f = foldWithOrigin(text);
  return scanFolded(f.text, contextYear).flatMap((s) => {
    if (!isPeriod(s.found)) return [];
    const start = f.origin[s.index];
    return [{ period: s.found, index: start, length: f.origin[s.index + s.length] - start, reference: s.reference }];
  });
}

/** The period a text (a question, a sentence) is about: the first one that is not a comparison base. */
export function parsePeriod(text: string, contextYear: number | null = null): Period | null {
  const found = findPeriods(text, contextYear);
  return (found.find((p) => !p.reference) ?? found[0])?.period ?? null;
}
