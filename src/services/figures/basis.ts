// The price basis of a value: "(theo giá so sánh 2010)" says how a figure was computed, not which
// year it is for. Read as an attribute, then blanked so that 2010 is never taken for a period.

const BASIS = /\b(?:theo\s+)?gia\s+(?:so\s+sanh|co\s+dinh)(?:\s+nam)?\s+((?:19|20)\d{2})\b|\b(?:theo\s+)?gia\s+hien\s+hanh\b/g;

/** "giá so sánh 2010", "giá hiện hành", or null; from folded text. */
export function readBasis(folded: string): string | null {
  BASIS.lastIndex = 0;
  const m = BASIS.exec(folded);
  if (!m) return null;
  return m[1] ? `giá so sánh ${m[1]}` : "giá hiện hành";
}

/** The folded text with every basis phrase replaced by blanks of the same length (offsets kept). */
export function maskBasis(folded: string): string {
  return folded.replace(BASIS, (s) => " ".repeat(s.length));
}
