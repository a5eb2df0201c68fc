// Readability sometimes drops a table or flattens it into loose text. The page's own tables that
// sit between the article's first and last paragraph are then put back where they stood.
import type { Block, TableBlock } from "./document.ts";

const key = (b: Block): string | null => (b.type === "table" ? null : b.text);

/**
 * `article`: blocks of the node Readability chose; `page`: blocks of the whole page, read before
 * Readability changed it. Returns `article` itself when it has all the tables it should.
 */
export function restoreTables(article: readonly Block[], page: readonly Block[]): Block[] {
  const texts = article.map(key).filter((t): t is string => !!t);
  if (texts.length === 0) return [...article];
  const first = page.findIndex((b) => key(b) === texts[0]);
  let last = -1;
  for (let i = page.length - 1; i >= 0 && last < 0; i--) if (key(page[i]) === texts.at(-1)) last = i;
  if (first < 0 || last <= first) return [...article];
  const wanted = page.slice(first, last + 1).filter((b): b is TableBlock => b.type === "table");
  if (article.filter((b) => b.type === "table").length >= wanted.length) return [...article];

  // Rebuild: the article's text blocks, minus loose cell text, with each page table placed after
  // the last paragraph that preceded it on the page.
  const cellText = new Set(wanted.flatMap((t) => [...t.rows.flat(), ...t.rows.map((r) => r.join(" ")), t.caption ?? ""]));
  const out: Block[] = article.filter((b) => b.type !== "table" && !cellText.has(b.text));
  let at = 0;
  for (const b of page.slice(first, last + 1)) {
    if (b.type === "table") {
      out.splice(at, 0, b);
      at++;
      continue;
    }
    const found = out.findIndex((o, i) => i >= at && key(o) === b.text);
    if (found >= 0) at = found + 1;
  }
  return out;
}
