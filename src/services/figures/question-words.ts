// The two-syllable words that must match as one ("sản xuất" is not the "xuất" of "xuất khẩu"),
// for questions and reports alike. Abbreviations and typos are the NLU's (../nlu/).
import { normalizeWords } from "../nlu/normalize.ts";

/** Abbreviations expanded the one way the whole bot does it (../nlu/normalize.ts). */
export function expand(words: string[]): string[] {
  return normalizeWords(words.join(" "));
}

/**
 * Two-syllable words matched as one token, so that the "xuất" of "sản xuất" does not count as
 * the "xuất" of "xuất khẩu". Longest first.
 */
const COMPOUNDS = [
  // A park (khu công nghiệp, KCN) is not a cluster (cụm công nghiệp, CCN).
  "khu cong nghiep",
  "cum cong nghiep",
  "xuat nhap khau",
  "san xuat",
  "xuat khau",
  "nhap khau",
  "cong nghiep",
  "gia tri",
  "kim ngach",
  "dien tich",
  "lao dong",
  "doanh nghiep",
  "du an",
  "khuyen cong",
  "thuong mai",
  "hoa luoi",
  "cong suat",
  "ty le",
  "lap day",
  "ban le",
  "quy hoach",
  "chi tiet",
  "dau tu",
  "su dung",
  "thuong pham",
  "hang hoa",
  "dich vu",
  "ho tro",
  "don vi",
  "de an",
  "chuyen doi",
  "sieu thi",
  "lap dat",
  "thu tuc",
  "kinh phi",
  "tong muc",
  "binh quan",
  "tang truong",
  "cung ky",
  "chi tieu",
  "chi so",
  "ha tang",
  "giam sat",
  "giam doc",
  "trong nuoc",
  "nuoc ngoai",
  "hoi nghi",
  "hoi thao",
  "hoi cho",
  "dai bieu",
  "tong ket",
  "san luong",
  "so luong",
  "cua hang",
  "tien loi",
  "trien lam",
  "quan ly",
  "thi truong",
  "vi pham",
  "ho so",
  "giay phep",
  "tham quan",
  "nhiem ky",
  "ke hoach",
  "quoc gia",
  "hoat dong",
  "thanh lap",
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
const COMMON =
  "bao nhieu gi nao the cua tinh ben tre hien nay toi minh biet muon xem hoi cho la khong duoc nhu sao bang vay voi tang giam phan tram " +
  "cuoi dau nua nam thang quy ca tong so va co da dang trong cung ky truoc binh quan truong toc chi tieu nhiem ke hoach them moi vuot " +
  "dat chiem hon gan khoang uoc tinh luy ke cong don muc tieu phan dau hang luot vu tien loi hoi nghi dai bieu tham du thi truong quan ly";
export const COMMON_WORDS = COMMON.split(" ");
