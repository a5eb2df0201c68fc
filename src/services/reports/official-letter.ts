// Official letters (báo cáo, kế hoạch, thông báo of the department, as PDF, DOCX or text) start
// with the issuer, the document number, the national motto and "Bến Tre, ngày 06 tháng 5 năm 2025",
// then the document type ("BÁO CÁO") and its subject, and end with "Nơi nhận:" and the signature.
// Only the date and the title are kept from the header; the motto, the issuer and the tail are not
// report text. The document number ("Số: 1187/BC-SCT") stays as plain text.
import type { Block, TextBlock } from "./document.ts";
import { vietnamDay } from "./clean.ts";
import { fold, tidy } from "../text/fold.ts";

export interface OfficialLetter {
  /** "Báo cáo kết quả …" from the document type and the line(s) after it, or null. */
  title: string | null;
  /** The "<place>, ngày … tháng … năm …" line of the header. */
  publishedAt: Date | null;
  blocks: Block[];
}

const DOC_TYPE = /^(BÁO CÁO|KẾ HOẠCH|THÔNG BÁO|TỜ TRÌNH|CÔNG VĂN|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|HƯỚNG DẪN)$/u;
const MOTTO = /cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–—]\s*tu do\s*[-–—]\s*hanh phuc/;
const PLACE_DATE = /(?:^|\s)\p{Lu}[\p{L}.' ]{1,30},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const RULE = /^[-_–—=.*\s]+$/;
const TAIL = /^noi nhan\s*:?/;
const SIGNATURE = /^\(?(?:đã ký|ký tên|ký,|ký và)|^(?:kt|tl|tm|q)\.\s/iu;
/** How far into a letter its header may reach. */
const HEADER_BLOCKS = 14;

const textOf = (b: Block): string => (b.type === "table" ? b.rows.flat().join(" ") : b.text);
const isUpper = (s: string): boolean => /\p{L}/u.test(s) && s === s.toUpperCase();

/** "Bến Tre, ngày 06 tháng 5 năm 2025" anywhere in a text, as midnight in Vietnam. */
export function findPlaceDate(text: string): Date | null {
  const m = PLACE_DATE.exec(text.normalize("NFC"));
  return m ? vietnamDay(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/** A header laid out as a table (issuer left, motto right) is read cell by cell, column by column. */
function unfoldHeaderTable(blocks: Block[]): Block[] {
  return blocks.flatMap((b, i) => {
    if (b.type !== "table" || i > 3 || !b.rows.flat().some((c) => MOTTO.test(fold(c)) || /^số\s*:/iu.test(c))) return [b];
    const cells: string[] = [];
    for (let c = 0; c < (b.rows[0]?.length ?? 0); c++) for (const row of b.rows) if (row[c] && !cells.includes(row[c])) cells.push(row[c]);
    return cells.map((text): TextBlock => ({ type: "paragraph", text }));
  });
}

const sentenceCase = (docType: string): string => docType.charAt(0) + docType.slice(1).toLowerCase();
function subject(text: string): string {
  if (isUpper(text)) return text.toLowerCase();
  // "Kết quả hoạt động …" continues "Báo cáo": lower its first letter unless it starts a name ("Sở …").
  return /^\p{Lu}\p{Ll}/u.test(text) && !/^(?:Sở|Ủy|UBND|Bộ)\b/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Reads a letter's header and tail, or returns null when the blocks do not look like a letter. */
export function readOfficialLetter(input: readonly Block[]): OfficialLetter | null {
  let blocks = unfoldHeaderTable([...input]);
  const head = blocks.slice(0, HEADER_BLOCKS);
  const typeAt = head.findIndex((b) => b.type !== "table" && DOC_TYPE.test(tidy(b.text)));
  if (typeAt < 0 && !head.some((b) => MOTTO.test(fold(textOf(b))))) return null;

  const headerEnd = typeAt >= 0 ? typeAt : Math.min(blocks.length, 8);
  const publishedAt = findPlaceDate(
    blocks
      .slice(0, headerEnd + 1)
      .map(textOf)
      .join("\n"),
  );
  const kept: Block[] = [];
  for (const b of blocks.slice(0, headerEnd)) {
    const t = textOf(b);
    if (MOTTO.test(fold(t)) || RULE.test(t) || (b.type !== "table" && isUpper(t) && t.length <= 80 && !/\d/.test(t))) continue;
    kept.push(b);
  }

  let title: string | null = null;
  let rest = blocks.slice(headerEnd);
  if (typeAt >= 0) {
    const docType = tidy(textOf(blocks[typeAt]));
    const parts: string[] = [];
    let i = 1;
    while (i < rest.length && rest[i].type !== "table" && parts.length < 3) {
      const t = tidy(textOf(rest[i]));
      if (!t && parts.length === 0) {
        i++;
        continue;
      }
      if (!t || RULE.test(t)) break;
      if (parts.length > 0 && !/^\p{Ll}/u.test(t)) break;
      if (/^(?:kính gửi|căn cứ|thực hiện)\b/iu.test(t) || t.length > 250) break;
      parts.push(t);
      i++;
    }
    while (i < rest.length && rest[i].type !== "table" && RULE.test(textOf(rest[i]))) i++;
    title = parts.length ? `${sentenceCase(docType)} ${subject(parts.join(" "))}` : null;
    rest = rest.slice(i);
  }

  // The tail: "Nơi nhận:" and everything after it, and the signature lines just before it.
  const tailAt = rest.findIndex((b) => TAIL.test(fold(textOf(b)).trim()));
  if (tailAt >= 0) {
    rest = rest.slice(0, tailAt);
    while (rest.length && rest.at(-1)!.type !== "table" && (isUpper(textOf(rest.at(-1)!)) || SIGNATURE.test(textOf(rest.at(-1)!)))) rest.pop();
  }
  blocks = [...kept, ...rest];
  return { title, publishedAt, blocks };
}
