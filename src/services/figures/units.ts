// What follows a number in a report: an optional scale word, then a unit. Matched on folded text.
// `kind` is what indicators declare they are measured in: a measure ("money", "percent", "area",
// "power", "energy") or, for counts, the counted noun itself ("du an", "ccn", "lao dong"...).
import { SCALE_WORDS, canonicalScale } from "./numbers.ts";

export interface UnitDef {
  pattern: string;
  display: string;
  kind: string;
  perYear?: boolean;
}

const MEASURES: UnitDef[] = [
  { pattern: String.raw`diem\s+phan\s+tram`, display: "điểm phần trăm", kind: "percent" },
  { pattern: String.raw`%\s*\/\s*nam`, display: "%/năm", kind: "percent", perYear: true },
  { pattern: "%", display: "%", kind: "percent" },
  // "đồng" folds like đóng/đông/dòng: refuse the usual words that follow those.
  { pattern: String.raw`dong(?!\s+(?:chi|bo|thoi|nghiep|gop|bang|dien|ho|y|long)\b)`, display: "đồng", kind: "money" },
  { pattern: "vnd", display: "đồng", kind: "money" },
  { pattern: "usd", display: "USD", kind: "money" },
  { pattern: String.raw`do\s?la(?:\s+my)?`, display: "USD", kind: "money" },
  { pattern: "ha", display: "ha", kind: "area" },
  { pattern: "m2", display: "m²", kind: "area" },
  { pattern: "mwp", display: "MWp", kind: "power" },
  { pattern: "mw", display: "MW", kind: "power" },
  { pattern: "kwp", display: "kWp", kind: "power" },
  { pattern: "kw", display: "kW", kind: "power" },
  { pattern: "kwh", display: "kWh", kind: "energy" },
  { pattern: "mwh", display: "MWh", kind: "energy" },
  { pattern: "gwh", display: "GWh", kind: "energy" },
];

/** Counted nouns: [folded pattern, display, kind]. Durations are units too, so that "03 năm" is read and dropped. */
const COUNTS: [string, string, string][] = [
  ["du an", "dự án", "du an"],
  ["nha may", "nhà máy", "nha may"],
  ["cum cong nghiep", "cụm công nghiệp", "ccn"],
  ["ccn", "CCN", "ccn"],
  ["kcn", "KCN", "kcn"],
  ["khu cong nghiep", "khu công nghiệp", "kcn"],
  ["cum", "cụm", "ccn"],
  ["lao dong", "lao động", "lao dong"],
  ["don vi", "đơn vị", "don vi"],
  ["de an", "đề án", "de an"],
  ["doanh nghiep", "doanh nghiệp", "doanh nghiep"],
  ["ho so", "hồ sơ", "ho so"],
  ["ho dan", "hộ", "ho"],
  ["ho gia dinh", "hộ", "ho"],
  ["ho", "hộ", "ho"],
  ["sieu thi", "siêu thị", "sieu thi"],
  ["trung tam thuong mai", "trung tâm thương mại", "trung tam thuong mai"],
  ["hoi cho", "hội chợ", "hoi cho"],
  ["hoi thao", "hội thảo", "hoi thao"],
  ["cho", "chợ", "cho"],
  ["co so", "cơ sở", "co so"],
  ["hop tac xa", "hợp tác xã", "hop tac xa"],
  ["san pham", "sản phẩm", "san pham"],
  ["tuabin|tua bin", "tuabin", "tuabin"],
  ["nguoi", "người", "nguoi"],
  ["lan", "lần", "lan"],
  ["tan", "tấn", "tan"],
  ["dai bieu", "đại biểu", "dai bieu"],
  ["hoc vien", "học viên", "hoc vien"],
  ["tin bao", "tin báo", "tin bao"],
  ["don thu", "đơn thư", "don thu"],
  ["mat hang", "mặt hàng", "mat hang"],
  ["hop dong", "hợp đồng", "hop dong"],
  ["giay phep", "giấy phép", "giay phep"],
  ["vu", "vụ", "vu"],
  ["luot", "lượt", "luot"],
  ["gian hang", "gian hàng", "gian hang"],
  ["doan", "đoàn", "doan"],
  ["he thong", "hệ thống", "he thong"],
  ["cua hang", "cửa hàng", "cua hang"],
  ["phien cho", "phiên chợ", "phien cho"],
  ["lop", "lớp", "lop"],
  ["mo hinh", "mô hình", "mo hinh"],
  ["thuong nhan", "thương nhân", "thuong nhan"],
  ["chuyen", "chuyến", "chuyen"],
  ["cuoc", "cuộc", "cuoc"],
  ["nam", "năm", "duration"],
  ["gio", "giờ", "duration"],
  ["phut", "phút", "duration"],
  ["tuan", "tuần", "duration"],
  ["thang", "tháng", "duration"],
  ["ngay", "ngày", "duration"],
];

export const UNITS: UnitDef[] = [...MEASURES, ...COUNTS.map(([pattern, display, kind]) => ({ pattern: pattern.replace(/ /g, String.raw`\s+`), display, kind }))];

/** Measures: everything else a unit can be is a count. */
export const MEASURE_KINDS = new Set(["money", "percent", "area", "power", "energy"]);

export interface Trailer {
  scale: string | null;
  unit: UnitDef | null;
  /** Folded characters consumed after the number, surrounding blanks excluded. */
  length: number;
}

const END = String.raw`(?![\p{L}\p{N}])`;
const SCALE_RE = new RegExp(String.raw`^\s*(${SCALE_WORDS.map((w) => w.replace(/ /g, String.raw`\s+`)).join("|")})${END}(?!\s+le\b)`, "u");
// Longest pattern first so that "%/năm" wins over "%" and "hộ dân" over "hộ".
const UNIT_RES = [...UNITS]
  .sort((a, b) => b.pattern.length - a.pattern.length)
  .map((u) => ({ unit: u, re: new RegExp(String.raw`^\s*(?:${u.pattern})${u.pattern.endsWith("%") ? "" : END}`, "u") }));

/** Reads the scale word and unit at `folded[at...]`, right after a number. */
export function readTrailer(folded: string, at: number): Trailer {
  let rest = folded.slice(at, at + 60);
  let consumed = 0;
  let scale: string | null = null;
  const s = SCALE_RE.exec(rest);
  if (s) {
    scale = canonicalScale(s[1]);
    consumed = s[0].length;
    rest = rest.slice(consumed);
  }
  for (const { unit, re } of UNIT_RES) {
    const m = re.exec(rest);
    if (m) return { scale, unit, length: consumed + m[0].length };
  }
  return { scale, unit: null, length: consumed };
}

/** The kind a number's trailer stands for; a bare scale word ("108.092 tỷ") means money. */
export function trailerKind(t: Trailer): string | null {
  if (t.unit) return t.unit.kind;
  return t.scale ? "money" : null;
}
