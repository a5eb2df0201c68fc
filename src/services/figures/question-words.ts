// How users write questions: abbreviations, and the two-syllable words that must match as one.
// All folded (see ../text/fold.ts).

/** Abbreviations users type, expanded on both sides (questions and lexicon phrases). */
const ABBREVIATIONS: Record<string, string> = {
  gtsx: "gia tri san xuat", gtsxcn: "gia tri san xuat cong nghiep", sxcn: "san xuat cong nghiep", sx: "san xuat",
  xk: "xuat khau", nk: "nhap khau", xnk: "xuat nhap khau", kn: "kim ngach", knxk: "kim ngach xuat khau",
  knnk: "kim ngach nhap khau", ccn: "cum cong nghiep", tmbl: "tong muc ban le", ttkc: "trung tam khuyen cong",
  kcqg: "khuyen cong quoc gia", kcdp: "khuyen cong dia phuong", dn: "doanh nghiep", cds: "chuyen doi so",
  tttm: "trung tam thuong mai", dtp: "dien thuong pham", ld: "lao dong", sl: "so luong", hh: "hang hoa", dv: "dich vu",
};

export function expand(words: string[]): string[] {
  const out = words.flatMap((w) => (ABBREVIATIONS[w] ?? w).split(" "));
  // "cn" alone is ambiguous (cá nhân, chủ nhật): it means công nghiệp only after these words.
  return out.flatMap((w, i) => (w === "cn" && i > 0 && ["xuat", "cum", "nganh"].includes(out[i - 1]) ? ["cong", "nghiep"] : [w]));
}

/**
 * Two-syllable words matched as one token, so that the "xuất" of "sản xuất" does not count as
 * the "xuất" of "xuất khẩu". Longest first.
 */
const COMPOUNDS = [
  "xuat nhap khau", "san xuat", "xuat khau", "nhap khau", "cong nghiep", "gia tri", "kim ngach", "dien tich",
  "lao dong", "doanh nghiep", "du an", "khuyen cong", "thuong mai", "hoa luoi", "cong suat", "ty le", "lap day",
  "ban le", "quy hoach", "chi tiet", "dau tu", "su dung", "thuong pham", "hang hoa", "dich vu", "ho tro", "don vi",
  "de an", "chuyen doi", "sieu thi", "lap dat", "thu tuc", "kinh phi", "tong muc", "binh quan", "tang truong",
  "cung ky", "chi tieu", "chi so", "ha tang", "giam sat", "giam doc", "nhiem ky", "ke hoach", "quoc gia", "hoat dong", "thanh lap",
].map((c) => c.split(" "));

export function merge(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const c = COMPOUNDS.find((parts) => parts.every((p, k) => words[i + k] === p));
    out.push(c ? c.join("") : words[i]);
    i += c ? c.length : 1;
  }
  return out;
}

/** Words a question may hold that are not typos of lexicon words. */
const COMMON = "bao nhieu gi nao the cua tinh ben tre hien nay toi minh biet muon xem hoi cho la khong duoc nhu sao bang vay voi tang giam phan tram cuoi dau nua nam thang quy ca tong so va co da dang trong cung ky truoc binh quan truong toc chi tieu nhiem ke hoach";
export const COMMON_WORDS = COMMON.split(" ");
