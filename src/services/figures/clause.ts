// What the words around one number say about it, read the way a reader does: the verb right
// before it ("tăng", "giảm", "chiếm", "thêm", "vượt"), the words right after it ("so với tháng
// trước", "kế hoạch năm"), and the words that govern its clause or sentence ("ước", "phấn đấu",
// "kế hoạch … là"). Every function here works on folded text with periods blanked out.
import type { Approx, ChangeBase, Measure, Status } from "./fact.ts";

const APPROX_TAIL: [RegExp, Approx][] = [
  [/\b(?:khoang|xap xi|chung|vao khoang|uoc khoang)\s*$/, "about"],
  [/\b(?:it nhat|toi thieu|khong duoi|khong it hon|tu)\s*$/, "at_least"],
  [/\b(?:duoi|khong qua|toi da|chua toi)\s*$/, "at_most"],
  [/\b(?:hon|tren|vuot muc)\s*$/, "over"],
  [/\b(?:gan)\s*$/, "under"],
];

/** "hơn 1,46 tỷ" → over, "gần 2.093" → under, "khoảng 18,6" → about. */
export function readApprox(left: string): { approx: Approx | null; rest: string } {
  for (const [re, approx] of APPROX_TAIL) {
    const m = re.exec(left);
    if (m) return { approx, rest: left.slice(0, m.index) };
  }
  return { approx: null, rest: left };
}

// Words that only carry the verb of the clause ("ước đạt", "đạt được", "là"), dropped from its end.
const VERB_TAIL = /\s*\b(?:uoc dat|uoc tinh|uoc thuc hien|uoc|dat duoc|dat|bang|hoan thanh|thuc hien|duoc|la|co|o muc|muc|len|ve|tro len)\s*$/;

export interface MeasureReading {
  measure: Measure;
  /** +1, or -1 for a fall ("giảm"). */
  sign: 1 | -1;
  /** "vượt 2,94% kế hoạch" means 102,94 % of the plan. */
  over: boolean;
  base: ChangeBase | null;
  /** The number is an index (100 = unchanged): the change is the number minus 100. */
  index?: boolean;
}

const PLAN_RIGHT = /^\s*(?:so\s+voi\s+|so\s+)?(?:ke hoach|chi tieu|muc tieu|du toan|kh\b|nhiem vu)(.{0,30})/;

/** The words after a number that belong to it ("so với cùng kỳ", "kế hoạch năm"), so the next clause starts after them. */
export function ownRight(right: string): number {
  const m =
    /^\s*(?:(?:so\s+voi|so)\s+(?:cung\s+ky|thang\s+truoc|quy\s+truoc|ky\s+truoc|nam\s+truoc|uoc\s+thuc\s+hien\s+nam\s+truoc)(?:\s+nam\s+truoc)?|(?:so\s+voi\s+)?(?:ke\s+hoach|chi\s+tieu|muc\s+tieu)(?:\s+(?:nam|nhiem\s+ky|giai\s+doan|de\s+ra|giao))*)/.exec(
      right,
    );
  return m ? m[0].length : 0;
}

/** The measure a number is, from the words right before it (`left`) and right after its unit (`right`). */
export function readMeasure(left: string, right: string, percent: boolean, perYearUnit: boolean, sentenceLeft: string, rawRight = right): MeasureReading | null {
  let tail = left;
  for (let prev = ""; prev !== tail; ) {
    prev = tail;
    tail = tail.replace(VERB_TAIL, "");
  }
  tail = tail.trimEnd();
  const plan = percent ? PLAN_RIGHT.exec(right) : null;
  if (plan) {
    const term = /\b(?:nhiem ky|giai doan|5 nam)\b/.test(plan[1]) || /\bnhiem ky\b/.test(right.slice(0, 40));
    return { measure: term ? "target_share" : "plan_share", sign: 1, over: /\bvuot\s*$/.test(tail), base: null };
  }
  if (/\b(?:them|moi|tang them|bo sung)\s*$/.test(tail)) return { measure: "increment", sign: 1, over: false, base: null };
  if (/\bchiem\s*$/.test(tail)) return percent ? { measure: "total_share", sign: 1, over: false, base: null } : null;
  const change = /\b(tang|giam)(?:\s+(?:truong|binh quan|trung binh|ty le|nhe|manh|sau|tuong ung))*\s*$/.exec(tail) ?? /\b(tang truong)(?:\s+binh quan)?\s*$/.exec(tail);
  if (change || (percent && /\btang truong\b/.test(left))) {
    if (!percent) return null; // "tăng 5 tỷ đồng": an absolute change, not read yet
    const sign = change?.[1] === "giam" ? -1 : 1;
    const base = readBase(left, rawRight, perYearUnit, sentenceLeft);
    return base ? { measure: "change", sign, over: false, base } : null;
  }
  if (/\bvuot\s*$/.test(tail)) return null;
  // "bằng 99,74% so với năm 2023" is an index: a change of −0,26 %.
  if (percent && /\bbang\s*$/.test(left.trimEnd()) && /^\s*so\s+voi\b/.test(right)) {
    const base = readBase(left, rawRight, perYearUnit, sentenceLeft);
    return base ? { measure: "change", sign: 1, over: false, base, index: true } : null;
  }
  // "cao hơn … khoảng 19,5 triệu USD" is a difference between two figures, not a figure; "vượt
  // mốc 1 tỷ USD" a milestone.
  if (/\b(?:cao hon|thap hon|nhieu hon|it hon|chenh lech)\b/.test(left) || /\b(?:cao|thap)\s*$/.test(tail)) return null;
  if (/\b(?:moc|nguong)\s*$/.test(tail)) return null;
  return { measure: "level", sign: 1, over: false, base: null };
}

/** Against what a change is measured; a change with no base in Vietnamese reports is on the same period. */
function readBase(left: string, right: string, perYearUnit: boolean, sentenceLeft: string): ChangeBase | null {
  if (perYearUnit || /\bbinh quan\b/.test(left)) return "per_year";
  const near = right.slice(0, 40);
  if (/\bso(?:\s+voi)?\s+(?:thang|quy|ky|tuan)\s+(?:truoc|lien ke)\b/.test(near)) return "previous_period";
  const year = /^\W*so\s+voi\s+(?:\S+\s+){0,3}?nam\s+((?:19|20)\d{2})\b/.exec(near);
  if (year) return `year:${Number(year[1])}`;
  // "so với tháng 6", "so với quý II": the period before, once read-paragraph.ts has checked it.
  if (/^\W*so\s+voi\s+(?:thang\s+\d{1,2}|quy\s+(?:i{1,3}|iv|[1-4]))\b/.test(near)) return "previous_period";
  // Any other base ("so với bình quân cả nước") is not one the bot can name: the change is not kept.
  const known = String.raw`(?:cung\s+ky|nam\s+truoc|cung\s+thoi\s+gian|uoc\s+thuc\s+hien|ke\s+hoach|chi\s+tieu|muc\s+tieu|du\s+toan)`;
  // ("số vụ …" after a number folds to "so vu": only "so với" names a base.)
  if (new RegExp(String.raw`^\W*so\s+voi\s+(?!${known})\S`).test(near)) return null;
  // "So với tháng trước, …" opening the sentence is the base of the changes that follow.
  if (/^\W*(?:[a-z0-9]+\W+){0,2}so(?:\s+voi)?\s+(?:thang|quy|ky)\s+(?:truoc|lien ke)\b/.test(sentenceLeft) && !/\bcung ky\b/.test(near)) return "previous_period";
  return "same_period";
}

// Status words. Targets are named by the clause ("kế hoạch năm 2026 là …", "chỉ tiêu giao 52 cơ
// sở") or govern the sentence ("phấn đấu …", "đặt mục tiêu …").
const TARGET_CLAUSE = /\b(?:ke hoach|chi tieu|muc tieu|phan dau)\b(?!\s+chu\s+yeu)/;
const TARGET_SENTENCE = /\b(?:phan dau|dinh huong den)\b/;
/** "đặt mục tiêu …" governs its clause chain; "chưa đạt / vượt / hoàn thành mục tiêu" is a result, not a target. */
const TARGET_CHAIN = /(?<!\b(?:chua|vuot|hoan thanh|khong)\s)\b(?:dat|de ra) muc tieu\b|\bmuc tieu (?:den|dat|la|cua|ho tro|phat trien)\b/;
const ESTIMATE = /\b(?:uoc|du kien|du bao|du tinh)\b/;

/** A sentence that opens with "Chỉ tiêu …", "Kế hoạch …" or "Mục tiêu …" states targets throughout. */
const TARGET_OPENING = /^\s*(?:[-+•]\s*)?(?:chi tieu|ke hoach|muc tieu|phan dau)\b(?!\s+chu\s+yeu)/;
/** What has been done ("đến nay đã hỗ trợ 196 lượt") is never a target, whatever the sentence began with. */
const ACHIEVED = /\b(?:da|den nay|hien nay|dat duoc|thuc hien duoc)\b/;

export function readStatus(clause: string, chain: string, sentenceLeft: string, upToHere: string): Status | null {
  if (TARGET_CLAUSE.test(clause)) return "target";
  if ((TARGET_SENTENCE.test(sentenceLeft) || TARGET_OPENING.test(sentenceLeft) || TARGET_CHAIN.test(chain)) && !ACHIEVED.test(chain)) return "target";
  if (/\bchinh thuc\b/.test(upToHere)) return "official";
  if (ESTIMATE.test(chain)) return "estimate";
  if (/\bso bo\b/.test(chain)) return "preliminary";
  return null;
}

/** Status a lead paragraph or a caption imposes on what follows ("… phấn đấu đạt các chỉ tiêu sau:"). */
export function leadStatus(folded: string): Status | null {
  if (/\b(?:phan dau|muc tieu|ke hoach nam \d{4}|chi tieu ke hoach|du kien ke hoach)\b/.test(folded)) return "target";
  if (/\bchinh thuc\b/.test(folded)) return "official";
  if (ESTIMATE.test(folded)) return "estimate";
  return null;
}

// Connectors that open a clause without naming anything, and verbs that close it.
const LEADING = phraseSet(
  "dua_luy_ke dua_tong nang_tong nang tiep_den_la tiep_theo_la sau_do_la dung_dau_la tiep_den tiep_theo la ke_hoach chi_tieu muc_tieu phan_dau de_ra dat_ra giao chi van song_van deu cung voi nang_tong nang va con dong_thoi ngoai_ra trong_do rieng tinh_chung luy_ke cong_don binh_quan nhin_chung cu_the tong_cong theo_do nhung song trong sau_khi tuy_nhien mat_khac nguoc_lai ve doi_voi so_voi cung_ky toan_tinh tren_dia_ban_tinh da con_lai trong_nam trong_thang ca_nam nhu_vay",
);
const TRAILING = phraseSet(
  "luy_ke cong_don nhe manh ke_hoach chi_tieu muc_tieu phan_dau de_ra dat_ra giao chi van uoc_dat uoc_tinh uoc_thuc_hien uoc dat_duoc dat bang hoan_thanh thuc_hien duoc la co chiem tang giam vuot them moi len nang_tong nang khoang hon gan tren xap_xi truong tang_truong binh_quan o_muc muc cua voi va trong tai nhu_sau cu_the tro_len tu tiep_tuc da se nhu vao",
);

/** Word pairs whose second word folds like a verb or an approximation. */
const KEEP_PAIRS = new Set(["lap dat", "khai khoang"]);

function phraseSet(list: string): string[][] {
  return list
    .split(" ")
    .map((p) => p.split("_"))
    .sort((a, b) => b.length - a.length);
}

function matchesAt(words: readonly string[], at: number, phrase: string[]): boolean {
  return phrase.every((w, k) => words[at + k] === w);
}

/**
 * The noun phrase a clause opens with, once connectors and verbs are taken away: word indices
 * [from, to) into `words`, empty when nothing is left ("tính chung 5 tháng đạt": an ellipsis).
 */
export function nounPhraseSpan(words: readonly string[]): [number, number] {
  let from = 0;
  let to = words.length;
  for (let changed = true; changed && from < to; ) {
    changed = false;
    const lead = LEADING.find((p) => from + p.length <= to && matchesAt(words, from, p));
    if (lead) (from += lead.length), (changed = true);
    // "lắp đặt", "khai khoáng" fold to "lap dat", "khai khoang": not the verb "đạt", not "khoảng".
    const kept = KEEP_PAIRS.has(`${words[to - 2]} ${words[to - 1]}`);
    const trail = kept ? undefined : TRAILING.find((p) => to - p.length >= from && matchesAt(words, to - p.length, p));
    if (trail) (to -= trail.length), (changed = true);
  }
  return [from, Math.max(from, to)];
}

/** Words that name a quantity of something rather than the something: "tổng công suất" of what? */
const GENERIC = new Set(
  "tong so luong cong suat von dang ky dau tu kinh phi gia tri dien tich lap dat ty le toan nganh phat trien cac nhung muc ho tro thu hut nang len".split(" "),
);
export const isGeneric = (words: readonly string[]) => words.every((w) => GENERIC.has(w));
