import { fold } from "../text/fold.ts";

// Abbreviations people type in chat, as folded words. Unambiguous ones expand everywhere; the
// ambiguous ones (dt, ct, bn, k, tt, kc) only next to the words that make their meaning clear.
const ALWAYS: Record<string, string> = {
  sdt: "so dien thoai",
  sdthoai: "so dien thoai",
  dthoai: "dien thoai",
  dth: "dien thoai",
  mail: "email",
  gmail: "email",
  "e-mail": "email",
  sct: "so cong thuong",
  ttkc: "trung tam khuyen cong",
  xttm: "xuc tien thuong mai",
  ttxttm: "trung tam xuc tien thuong mai",
  ko: "khong",
  kg: "khong",
  hok: "khong",
  dc: "duoc",
  dk: "dang ky",
  ccn: "cum cong nghiep",
  kcn: "khu cong nghiep",
  xk: "xuat khau",
  nk: "nhap khau",
  xnk: "xuat nhap khau",
  gtsx: "gia tri san xuat",
  sxcn: "san xuat cong nghiep",
  tmbl: "tong muc ban le",
  kcqg: "khuyen cong quoc gia",
  kcdp: "khuyen cong dia phuong",
  knxk: "kim ngach xuat khau",
  knnk: "kim ngach nhap khau",
  qltt: "quan ly thi truong",
  cnnt: "cong nghiep nong thon",
  tmdt: "thuong mai dien tu",
  tttm: "trung tam thuong mai",
  cds: "chuyen doi so",
  dn: "doanh nghiep",
  gtsxcn: "gia tri san xuat cong nghiep",
  dtp: "dien thuong pham",
  ld: "lao dong",
  sl: "so luong",
  hh: "hang hoa",
  dv: "dich vu",
  tthc: "thu tuc hanh chinh",
  // The reports write both; questions too.
  fdi: "fdi von dau tu nuoc ngoai",
  tks: "cam on",
  thks: "cam on",
  thanks: "cam on",
  hotline: "duong day nong",
  j: "gi",
};

const AREA_WORDS = new Set(["cum", "ccn", "kcn", "dat", "ha", "dien", "tich", "khu", "thue"]);

function expandAmbiguous(word: string, prev: string | undefined, next: string | undefined): string {
  switch (word) {
    case "dt":
      // "dt ccn" is an area (diện tích); everywhere else people mean a phone (điện thoại).
      return next && AREA_WORDS.has(next) ? "dien tich" : "dien thoai";
    case "ct":
      return prev === "so" || prev === "bo" || prev === "nganh" ? "cong thuong" : word;
    case "tt":
      return next === "kc" || next === "khuyen" || next === "xuc" || next === "xttm" ? "trung tam" : word;
    case "kc":
      return "khuyen cong";
    case "bn":
      return prev === undefined ? "ban" : "bao nhieu";
    case "k":
    case "kh":
      // "đạt bao nhiêu % kh": the plan (kế hoạch); elsewhere "không".
      if (word === "kh" && prev !== undefined && ["nhieu", "tram", "so", "vuot", "dat", "bang"].includes(prev)) return "ke hoach";
      return next === undefined || prev !== undefined ? "khong" : word;
    case "sx":
      return "san xuat";
    case "cn":
      return prev === "sx" || prev === "xuat" || prev === "cum" || prev === "nganh" || prev === "gtsx" ? "cong nghiep" : word;
    case "kn":
      // "kn xk": kim ngạch; alone it could be anything (kết nối, kinh nghiệm).
      return next === "xk" || next === "nk" || next === "xnk" || next === "xuat" || next === "nhap" ? "kim ngach" : word;
    default:
      return word;
  }
}

/** One name for what reports and people call two ways: "khuyến công tỉnh" is "khuyến công địa phương". */
function synonyms(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    out.push(words[i]);
    if (words[i] === "cong" && words[i - 1] === "khuyen" && (words[i + 1] === "tinh" || (words[i + 1] === "cap" && words[i + 2] === "tinh"))) {
      out.push("dia", "phuong");
      i += words[i + 1] === "cap" ? 2 : 1;
    }
  }
  return out;
}

/** Folded, tokenised, abbreviations expanded: the one form the classifier and the rules see. */
export function normalizeWords(text: string): string[] {
  const raw = fold(text)
    .replace(/e-mail/g, "email")
    .split(/[^\p{L}\p{N}@._-]+/u)
    .map((w) => w.replace(/^[._-]+|[._-]+$/g, ""))
    .filter(Boolean);
  const out: string[] = [];
  raw.forEach((word, i) => {
    // "t7/2025", "q3": tháng 7, quý 3.
    const short = /^([tq])(\d{1,2})$/.exec(word);
    const expanded = short ? `${short[1] === "t" ? "thang" : "quy"} ${short[2]}` : (ALWAYS[word] ?? expandAmbiguous(word, raw[i - 1], raw[i + 1]));
    out.push(...expanded.split(" "));
  });
  return synonyms(out);
}
