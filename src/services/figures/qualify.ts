// What the words around a figure say about it: "lũy kế", "ước đạt", "bình quân …/năm",
// "so với cùng kỳ", "đạt X% chỉ tiêu nhiệm kỳ", "khoảng". All tests run on folded text.

export interface Windows {
  /** From the start of the figure's clause (last comma, or the previous number) to the number. */
  clause: string;
  /** From the previous number (or the sentence start) to the number. */
  sinceLast: string;
  /** From the sentence start, or the last ";", to the number. */
  chain: string;
  /** From the unit to the next comma or number. */
  right: string;
}

export interface Signals {
  cumulative: boolean;
  estimate: boolean;
  perYear: boolean;
  yoy: boolean;
  share: boolean;
  approx: boolean;
  /** "giảm 2,4%": the change is negative. */
  decrease: boolean;
  growth: boolean;
}

export function readSignals(w: Windows, isPercent: boolean, perYearUnit: boolean): Signals {
  return {
    cumulative: /\b(?:luy ke|cong don)\b/.test(w.chain),
    estimate: /\b(?:uoc|du kien|so bo)\b/.test(w.sinceLast),
    perYear: perYearUnit || /\bbinh quan\b/.test(w.clause),
    yoy: /\bso voi (?:cung ky|nam truoc|cung thoi gian|nam\b)|\bcung ky\b/.test(`${w.clause} ${w.right}`),
    share: isPercent && /\b(?:chi tieu|ke hoach)\b/.test(w.right),
    approx: /\b(?:khoang|xap xi|gan|chung)\s*$/.test(w.clause),
    decrease: /\bgiam\b/.test(w.clause),
    growth: /\btang truong\b/.test(w.clause),
  };
}

/** Which derived figure a percentage of a non-percent indicator is (see DERIVED in indicators.ts). */
export function derivedSuffix(s: Signals, right: string): string {
  if (s.share) {
    // "chỉ tiêu nhiệm kỳ" is the five-year target; "kế hoạch (năm)" and "chỉ tiêu năm" the annual plan.
    if (/\bnhiem ky\b/.test(right)) return "target_share";
    return /\bke hoach\b|\bchi tieu (?:ke hoach )?nam\b/.test(right) ? "plan_share" : "target_share";
  }
  if (s.yoy) return "yoy";
  return s.perYear || s.growth ? "growth" : "change";
}
