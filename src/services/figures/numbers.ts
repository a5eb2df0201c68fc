// Vietnamese number text <-> plain decimal strings. Values stay strings end to end: money in đồng
// passes 2^53 (108.092 tỷ đồng = 1.08e14), and reports' decimals must survive unchanged.
import { fold } from "../text/fold.ts";

/** Scale words, folded, with their power of ten; display forms are the canonical ones. */
const SCALES: { word: string; display: string; exponent: number }[] = [
  { word: "nghin ty", display: "nghìn tỷ", exponent: 12 },
  { word: "ngan ty", display: "nghìn tỷ", exponent: 12 },
  { word: "nghin", display: "nghìn", exponent: 3 },
  { word: "ngan", display: "nghìn", exponent: 3 },
  { word: "trieu", display: "triệu", exponent: 6 },
  { word: "ty", display: "tỷ", exponent: 9 },
  { word: "ti", display: "tỷ", exponent: 9 },
];

/** Folded scale words, longest first, for building patterns. */
export const SCALE_WORDS = SCALES.map((s) => s.word);

/** "tỉ" → "tỷ", "ngàn" → "nghìn"; null for anything that is not a scale word. */
export function canonicalScale(word: string): string | null {
  const w = fold(word).trim().replace(/\s+/g, " ");
  return SCALES.find((s) => s.word === w)?.display ?? null;
}

export function scaleExponent(word: string): number | null {
  const w = fold(word).trim().replace(/\s+/g, " ");
  return SCALES.find((s) => s.word === w)?.exponent ?? null;
}

const GROUPED = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const GROUPED_COMMA = /^[1-9]\d{0,2}(?:,\d{3})+$/;

/** "4.262,7" → "4262.7"; also "37.48" and "1,234.5" as users type them. Null when not a number. */
function plainDecimal(text: string): string | null {
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return null;
  let int: string;
  let frac = "";
  const dot = text.lastIndexOf(".");
  const comma = text.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) {
    // Both marks: the last one is the decimal mark, the other one groups thousands.
    const [mark, group] = comma > dot ? [",", "."] : [".", ","];
    const at = text.lastIndexOf(mark);
    int = text.slice(0, at);
    frac = text.slice(at + 1);
    if (!(group === "." ? GROUPED : GROUPED_COMMA).test(int) || /\D/.test(frac)) return null;
    int = int.split(group).join("");
  } else if (dot >= 0) {
    // Vietnamese groups with dots: "1.000" is a thousand. One dot before other than three digits
    // can only be a decimal mark ("37.48").
    if (GROUPED.test(text)) int = text.replace(/\./g, "");
    else if (/^\d+\.\d+$/.test(text)) [int, frac] = text.split(".");
    else return null;
  } else if (comma >= 0) {
    if (/^\d+,\d+$/.test(text)) [int, frac] = text.split(",");
    else if (GROUPED_COMMA.test(text)) int = text.replace(/,/g, "");
    else return null;
  } else int = text;
  int = int.replace(/^0+(?=\d)/, "");
  // Trailing zeros stay: "41,60%" is printed with two significant decimals on purpose.
  return frac ? `${int}.${frac}` : int;
}

/** Multiplies a plain decimal string by 10^exponent without leaving strings. */
export function applyScale(value: string, exponent: number): string {
  if (exponent === 0) return value;
  const negative = value.startsWith("-");
  const [int, frac = ""] = value.replace(/^-/, "").split(".");
  const padded = frac.padEnd(exponent, "0");
  let newInt = (int + padded.slice(0, exponent)).replace(/^0+(?=\d)/, "");
  const newFrac = padded.slice(exponent).replace(/0+$/, "");
  if (newInt === "") newInt = "0";
  const out = newFrac ? `${newInt}.${newFrac}` : newInt;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/**
 * Vietnamese number text → decimal string with "." as decimal mark and no grouping:
 * "4.262,7" → "4262.7", "08" → "8", "1.000" → "1000". A trailing scale word multiplies:
 * "4.262,7 triệu" → "4262700000". Null when the text is not a number.
 */
export function parseViNumber(raw: string): string | null {
  const text = fold(raw).trim().replace(/\s+/g, " ");
  const m = /^([+-]?)\s*(\d[\d.,]*)(?:\s*([a-z]+(?: [a-z]+)?))?$/.exec(text);
  if (!m) return null;
  const plain = plainDecimal(m[2]);
  if (plain === null) return null;
  const exponent = m[3] === undefined ? 0 : scaleExponent(m[3]);
  if (exponent === null) return null;
  const value = applyScale(plain, exponent);
  return m[1] === "-" && /[1-9]/.test(value) ? `-${value}` : value;
}

/** Decimal string → Vietnamese display: "4262.7" → "4.262,7", "37.48" → "37,48". */
export function formatViNumber(value: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const int = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${m[1]}${int}${m[3] ? `,${m[3]}` : ""}`;
}
