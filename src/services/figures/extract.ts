// The facts of a report: paragraphs through read-paragraph.ts, tables through read-table.ts, with
// the scope a reader carries down the page: the title's period and year, a heading's period, and
// a lead that ends with ":" ("… phấn đấu đạt các chỉ tiêu sau:") over the list that follows it.
import { fold } from "../text/fold.ts";
import { blocksToText } from "../reports/document.ts";
import type { ExtractInput } from "../reports/store.ts";
import { leadStatus } from "./clause.ts";
import type { Fact } from "./fact.ts";
import { isPeriod, scanFolded, type Period } from "./periods.ts";
import { readParagraph, resolvePeriod, type Scope } from "./read-paragraph.ts";
import { readTable } from "./read-table.ts";
import { sentences } from "./scan.ts";

export type { Fact } from "./fact.ts";

function vietnamYear(d: Date | null): number | null {
  return d ? new Date(d.getTime() + 7 * 3600_000).getUTCFullYear() : null;
}

function periodsIn(folded: string, scope: Scope): Period[] {
  return scanFolded(folded, scope.contextYear).flatMap((s) => {
    const p = s.reference ? null : resolvePeriod(s.found, scope);
    return p ? [p] : [];
  });
}

/** The year a report is about: the first year its title names, else the year it was published. */
function reportScope(title: string, publishedAt: Date | null): Scope {
  const folded = fold(title);
  const named = scanFolded(folded).find((s) => !s.reference && isPeriod(s.found));
  const contextYear = named && isPeriod(named.found) ? named.found.end : vietnamYear(publishedAt);
  const base: Scope = { contextYear, fallback: null, titlePeriods: [], targetPeriods: [], reportDate: publishedAt, status: null };
  const titlePeriods = periodsIn(folded, base).filter((p) => p.kind !== "asof");
  // "Triển khai kế hoạch năm 2026", "… và nhiệm vụ 6 tháng cuối năm": figures for that period are targets.
  // Not "thực hiện nhiệm vụ", "kết quả thực hiện kế hoạch": those report results.
  const planned = /(?<!\b(?:thuc hien|ket qua)\s)\b(?:ke hoach|phuong huong|nhiem vu|chi tieu|muc tieu)\s+((?:\S+\s+){0,1}(?:nam|giai doan|quy|thang|\d+\s+thang)\b.{0,14})/.exec(
    folded,
  );
  const targetPeriods = planned
    ? periodsIn(planned[1], base)
        .slice(0, 1)
        .filter((p) => p.kind !== "asof")
    : [];
  return { ...base, titlePeriods, targetPeriods, fallback: titlePeriods[0] ?? null };
}

interface Lead {
  period: Period | null;
  status: Scope["status"];
}

export function extractFacts(doc: ExtractInput): Fact[] {
  const scope = reportScope(doc.title, doc.publishedAt);
  const out: Fact[] = [];
  let section: Period | null = null;
  let lead = null as Lead | null;
  let caption = "";
  let offset = 0;
  for (const block of doc.blocks) {
    const here = offset;
    offset += blocksToText([block]).length + 1;
    if (block.type === "heading") {
      section = periodsIn(fold(block.text), scope)[0] ?? null;
      lead = null;
      caption = block.text;
      continue;
    }
    const local: Scope = { ...scope, fallback: lead?.period ?? section ?? scope.fallback, status: lead?.status ?? null };
    if (block.type === "table") {
      out.push(...readTable(block, local, block.caption ?? caption, here));
      caption = "";
      continue;
    }
    out.push(...readParagraph(block.text, local, here));
    const text = block.text.trim();
    if (text.endsWith(":")) {
      // The lead's last sentence says what the list after it is: its period and its status.
      const folded = fold(text);
      const spans = sentences(folded, { start: 0, end: folded.length });
      const last = spans.length ? folded.slice(spans.at(-1)!.start) : folded;
      const previous: Lead | null = lead;
      lead = { period: periodsIn(last, scope).at(-1) ?? previous?.period ?? null, status: leadStatus(last) };
    } else if (lead && !/[;,]$/.test(text)) {
      lead = null;
    }
    caption = text.length <= 160 ? text : "";
  }
  // The title names the report's topic ("… quản lý thị trường …"): part of every fact's context.
  const title = fold(doc.title)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  return title ? out.map((f) => ({ ...f, context: `${f.context} ${title}` })) : out;
}
