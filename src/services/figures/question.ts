// What a figure question asks, besides its subject: the period, the kind of measure ("tăng hay
// giảm", "đạt bao nhiêu % kế hoạch", "thêm bao nhiêu"), whether it asks for a target, the unit
// ("bao nhiêu ha") and whether it wants the newest figure. Read from the normalised words.
import type { ChangeBase, Measure } from "./fact.ts";
import { merge } from "./question-words.ts";
import { isPeriod, scanFolded, type Period } from "./periods.ts";
import { MEASURE_KINDS, readTrailer, trailerKind } from "./units.ts";

/** The year given to a period the question names without one. */
export const YEARLESS = 1990;

export interface FigureQuestion {
  period: Period | null;
  /** The period was named without a year: its year is a placeholder (YEARLESS). */
  yearless: boolean;
  /** "mới nhất", "gần nhất", "hiện nay": the newest figure, whatever its period. */
  latest: boolean;
  /** "tháng gần nhất" wants a month; "lũy kế" a period from the start of the year. */
  family: "month" | "cumulative" | null;
  /** "bằng bao nhiêu % so với cùng kỳ": the change said as an index (108,0 %). */
  index: boolean;
  /** "difference" is asked but never stored: such a question gets "no figure". */
  measure: Measure | "difference";
  base: ChangeBase | null;
  target: boolean;
  /** A measure kind ("money", "area"...) or a counted noun ("du an", "vu"). */
  unitKind: string | null;
  /** Content words, compounds merged: what the subject must explain. */
  words: string[];
  /**
   * Names written with capitals inside the question ("CCN Đông Bình", "thị trường Hoa Kỳ"),
   * lower-cased with their diacritics: the figure's own words must hold them, since folded
   * "đông" is also "đồng".
   */
  names: string[];
}

/** Capitalised words after the first (not abbreviations such as "CCN" or "IIP"). */
export function properNames(text: string): string[] {
  const tokens = text
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return tokens
    .filter((w, i) => i > 0 && /^\p{Lu}\p{Ll}/u.test(w))
    .map((w) => w.toLocaleLowerCase("vi"))
    .filter((w) => !OWN_NAMES.has(w));
}

/** The department's own names, which every report is about whether it says so or not. */
const OWN_NAMES = new Set(["sở", "công", "thương", "tỉnh", "bến", "tre", "ủy", "ban", "nhân", "dân", "việt", "nam", "ngành"]);

// Words of the question that ask rather than name: phrases first (so that "bình quân" goes but
// "quản lý" stays), then single words.
const STOP_PHRASES = [
  "bao nhieu",
  "nhu the nao",
  "the nao",
  "ben tre",
  "luy ke",
  "cong don",
  "tinh chung",
  "moi nhat",
  "gan nhat",
  "gan day",
  "hien nay",
  "hien tai",
  "cap nhat",
  "den nay",
  "so voi",
  "cung ky",
  "ke hoach",
  "chi tieu",
  "muc tieu",
  "phan dau",
  "de ra",
  "dat ra",
  "phan tram",
  "ty le",
  "hoan thanh",
  "thuc hien",
  "binh quan",
  "tang truong",
  "toc do",
  "don vi",
  "do la",
  "giai doan",
  "so luong",
  "dau nam",
  "cuoi nam",
  "tang hay giam",
  "giam hay tang",
  "nam truoc",
  "thang truoc",
  "ky truoc",
  "cho biet",
  "cho xin",
  "cho toi",
  "cho minh",
  "cho em",
  "ket qua",
  "tinh hinh",
  "so lieu",
  "thong tin",
  "con so",
  "san luong",
  "so luong",
  "bay gio",
  "hien gio",
  "the nao",
  "tren dia ban",
  "dia ban",
  "toan tinh",
  "chinh thuc",
  "uoc tinh",
  "so bo",
]
  .map((p) => merge(p.split(" ")))
  .sort((a, b) => b.length - a.length);
const STOP_WORDS = new Set(
  (
    "may la gi dat duoc hay khong co nhung cac cua tinh toan nam thang quy dau cuoi nay ca tang giam truoc giao vuot them uoc " +
    "khoang ve toi minh biet xem hoi nhe a oi vay sao bang o nao nhat trong tu den tong ty trieu nghin usd ha mw kwh mwh gwh kw m2 vao " +
    // Words that say little of what is measured ("số dự án", "khu vực FDI").
    "so khu vuc duoc da hien"
  ).split(" "),
);

/** Content words of a question, compounds merged: what the subject must explain. */
export function questionWords(folded: string): string[] {
  const words = merge(
    folded
      .replace(/[^a-z0-9 ]+/g, " ")
      .split(/\s+/)
      .filter(Boolean),
  );
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const stop = STOP_PHRASES.find((p) => p.every((w, k) => words[i + k] === w));
    if (stop) {
      i += stop.length;
      continue;
    }
    // "dat" is "đạt" (reached) to a question, unless it is "đất" (land): "diện tích đất", "thuê đất".
    const land = words[i] === "dat" && (["dientich", "thue", "giao", "quy"].includes(words[i - 1]) || ["congnghiep", "cong", "nong", "o", "dai", "trong"].includes(words[i + 1]));
    if ((land || !STOP_WORDS.has(words[i])) && !/^\d+$/.test(words[i])) out.push(words[i]);
    i++;
  }
  return out;
}

// Nouns whose syllables read like the verbs of a question: "hạ tầng" is not "tăng".
const NOT_VERBS = /\b(?:ha tang|giam sat|giam doc|giam dinh)\b/g;

export function readQuestion(folded: string, asWritten = ""): FigureQuestion {
  const clean = ` ${folded.replace(/[^a-z0-9%/ ]+/g, " ").replace(/\s+/g, " ")} `;
  const q = clean.replace(NOT_VERBS, (m) => m.replace(/ /g, "_"));
  const scanned = scanFolded(clean.trim());
  const found = scanned.find((s) => !s.reference && isPeriod(s.found)) ?? scanned.find((s) => isPeriod(s.found));
  let period = found && isPeriod(found.found) && found.found.kind !== "asof" ? found.found : null;
  // A period without its year ("tmbl 6 tháng") is read with a year marker, and means the latest
  // year the reports have that period for (select.ts).
  let yearless = false;
  if (!period) {
    const again = scanFolded(clean.trim(), YEARLESS).find((s) => !s.reference && isPeriod(s.found));
    if (again && isPeriod(again.found) && again.found.kind !== "asof" && again.found.start === YEARLESS) (period = again.found), (yearless = true);
  }
  let masked = clean.trim();
  for (const s of scanned) masked = masked.slice(0, s.index) + " ".repeat(s.length) + masked.slice(s.index + s.length);

  // "cao hơn năm trước bao nhiêu", "chênh lệch": a difference, which the reports' facts do not hold.
  const difference = /\b(?:cao hon|thap hon|nhieu hon|it hon|chenh lech|hon kem)\b/.test(q);
  const share =
    /\bso voi (?:ke hoach|chi tieu|muc tieu)\b|(?:%|phan tram|bao nhieu|\bmay\b)[^.]*\b(?:ke hoach|chi tieu|muc tieu|du toan|kh)\b|\b(?:vuot|hoan thanh|dat|bang)\s+(?:ke hoach|chi tieu)\b|\b(?:ke hoach|chi tieu)\b[^.]*(?:%|phan tram)/.test(
      q,
    );
  const target = !share && /\b(?:ke hoach|chi tieu|muc tieu|phan dau|de ra|dat ra|du kien)\b/.test(q);
  let measure: Measure | "difference" = "level";
  let base: ChangeBase | null = null;
  if (difference) measure = "difference";
  else if (share) measure = /\bnhiem ky\b/.test(q) ? "target_share" : "plan_share";
  else if (/\bthem\b|\b(?:thanh lap|xay dung|dau tu|phat trien|cap) moi\b/.test(q)) measure = "increment";
  else if (/\b(?:chiem|ty trong)\b/.test(q)) measure = "total_share";
  else if (/\b(?:tang hay giam|giam hay tang|tang|giam|tang truong|toc do)\b|%|phan tram|\bso voi\b/.test(q)) measure = "change";
  if (measure === "change") {
    if (/\b(?:thang|quy|ky) truoc\b/.test(q)) base = "previous_period";
    else if (/\bbinh quan\b|\bmoi nam\b/.test(q)) base = "per_year";
    else if (/\bcung ky\b|\bnam truoc\b|\bso voi nam\b/.test(q)) base = "same_period";
    // "so với năm 2022" of 2024 is not the same period last year.
    const named = /\bso voi (?:nam )?((?:19|20)\d{2})\b/.exec(q);
    if (named && period && Number(named[1]) !== period.start - 1) base = `year:${Number(named[1])}`;
  }

  const latest = /\b(?:moi nhat|gan nhat|gan day nhat|hien nay|hien tai|cap nhat|den nay|bay gio)\b/.test(q);
  const family = /\bthang (?:gan nhat|moi nhat|nay|vua qua|truoc)\b|\bhang thang\b/.test(q)
    ? "month"
    : /\b(?:luy ke|cong don|tinh chung|tu dau nam)\b/.test(q)
      ? "cumulative"
      : null;

  let unitKind: string | null = null;
  const asked = /\b(?:bao nhieu|may)\s+(.{0,30})/.exec(q);
  if (asked) {
    const trailer = readTrailer(` ${asked[1]}`, 0);
    const kind = trailerKind(trailer);
    if (kind && kind !== "duration") unitKind = kind;
    if (/^(?:phan tram|%)/.test(asked[1].trim())) unitKind = "percent";
  }
  if (unitKind && !MEASURE_KINDS.has(unitKind) && measure !== "level" && measure !== "increment") unitKind = null;
  const index = measure === "change" && /\bbang (?:bao nhieu|may)\b/.test(q);
  return { index, period, yearless, latest, family, measure, base, target, unitKind, words: questionWords(masked), names: properNames(asWritten) };
}
