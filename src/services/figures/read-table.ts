// Figures in a table: each number is read from its row header (the indicator, its unit) and its
// column header (the period, the kind of measure). "So cùng kỳ (%)" holding 107,44 is an index:
// a change of +7,44 %. Ratio columns describe the cumulative column when there is one.
import { fold, tidy } from "../text/fold.ts";
import type { TableBlock } from "../reports/document.ts";
import { readBasis } from "./basis.ts";
import { leadStatus } from "./clause.ts";
import type { ChangeBase, Fact, Measure, Status } from "./fact.ts";
import { TEXT_PHRASES, indicatorByKey } from "./indicators.ts";
import { parseViNumber } from "./numbers.ts";
import { monthsPeriod, scanFolded, type Period } from "./periods.ts";
import { resolvePeriod, type Scope } from "./read-paragraph.ts";
import { readTrailer } from "./units.ts";

/** Units a bracket at the end of a row label may give. */
const MEASURE_UNIT = /^(?:ty|trieu|nghin)?\s*(?:dong|usd|kwh|mwh|gwh|mw|ha|m2|%|tan|du an|doanh nghiep|cho|luot)\b/;
const NUMBER = /^[+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^[+-]?\d+(?:[.,]\d+)?$/;

interface Column {
  index: number;
  header: string;
  measure: Measure;
  base: ChangeBase | null;
  /** Index form: 96,41 means −3,59 %. */
  index100: boolean;
  status: Status | null;
  period: Period | null;
  cumulative: boolean;
}

function periodOf(folded: string, scope: Scope): Period | null {
  for (const s of scanFolded(folded, scope.contextYear)) {
    const p = resolvePeriod(s.found, scope);
    if (p && !s.reference) return p;
  }
  return null;
}

function classify(index: number, header: string, scope: Scope, caption: Period[], values: string[]): Column {
  const h = fold(header);
  const ratio = /%|\bso (?:voi|sanh)\b|\bso cung ky\b|\bso ke hoach\b|\bty le\b|\btang\/giam\b|\btang giam\b/.test(h);
  const own = periodOf(h, scope);
  const cumulative = /\bluy ke\b|\bcong don\b|\btinh chung\b/.test(h) || (own !== null && own.kind !== "month");
  let period = own;
  if (!period && /\bthang\b/.test(h) && !cumulative) period = caption.find((p) => p.kind === "month") ?? null;
  if (!period) period = caption.find((p) => (cumulative ? p.kind !== "month" : true)) ?? scope.fallback;
  if (ratio) {
    const plan = /\bke hoach\b|\bkh\b|\bchi tieu\b|\bmuc tieu\b/.test(h);
    const previous = /\b(?:thang|ky|quy) truoc\b/.test(h);
    const asChange = /\btang\b|\bgiam\b/.test(h);
    const big = values.every((v) => Number(parseViNumber(v.replace(/^[+-]/, ""))) > 20);
    return {
      index,
      header,
      period,
      cumulative,
      status: null,
      measure: plan ? (/\bnhiem ky\b|\bgiai doan\b/.test(h) ? "target_share" : "plan_share") : "change",
      base: plan ? null : previous ? "previous_period" : "same_period",
      index100: !plan && !asChange && big,
    };
  }
  const status: Status | null = /\bke hoach\b|\bkh\b|\bchi tieu\b|\bmuc tieu\b/.test(h) ? "target" : /\buoc\b/.test(h) ? "estimate" : /\bchinh thuc\b/.test(h) ? "official" : null;
  // "Cùng kỳ năm trước" holds last year's value for the same months.
  if (/\bcung ky\b/.test(h) && !own && period) period = shiftYear(period, -1);
  return { index, header, measure: "level", base: null, index100: false, status, period, cumulative };
}

function shiftYear(p: Period, by: number): Period | null {
  if (p.kind === "months") return monthsPeriod(p.months!, p.start + by);
  return null;
}

/** The unit cell of a row: "Tỷ đồng" → scale tỷ, unit đồng; "%", "Dự án". */
function readUnit(cell: string): { scale: string | null; unit: string | null } {
  const folded = fold(cell).trim();
  if (!folded) return { scale: null, unit: null };
  const t = readTrailer(` ${folded}`, 0);
  // "Nghìn đôi": the scale, then the unit written after it.
  const rest = tidy(
    cell
      .normalize("NFC")
      .split(/\s+/)
      .slice(t.scale ? 1 : 0)
      .join(" "),
  );
  if (t.unit || t.scale) return { scale: t.scale, unit: t.unit?.display ?? (rest || null) };
  return { scale: null, unit: tidy(cell) };
}

function indicatorOf(label: string): string | null {
  const folded = ` ${fold(label).replace(/[^a-z0-9]+/g, " ")} `;
  let best: { key: string; length: number } | null = null;
  for (const p of TEXT_PHRASES) {
    if (p.needs !== null || !folded.includes(` ${p.phrase} `)) continue;
    if (!best || p.phrase.length > best.length) best = { key: p.key, length: p.phrase.length };
  }
  return best?.key ?? null;
}

export function readTable(table: TableBlock, scope: Scope, captionText: string, offset: number): Fact[] {
  const rows = table.rows.filter((r) => r.some((c) => c.trim()));
  if (rows.length < 2) return [];
  const isNumber = (c: string) => NUMBER.test(c.trim());
  let headerRows = table.headerRows;
  if (headerRows === 0) while (headerRows < rows.length - 1 && !rows[headerRows].some(isNumber)) headerRows++;
  const width = Math.max(...rows.map((r) => r.length));
  const body = rows.slice(headerRows);
  const header = (c: number) =>
    [
      ...new Set(
        rows
          .slice(0, headerRows)
          .map((r) => tidy(r[c] ?? ""))
          .filter(Boolean),
      ),
    ].join(" ");
  const numericShare = (c: number) => body.filter((r) => isNumber(r[c] ?? "")).length / body.length;
  const labelCol =
    [...Array(width).keys()].find((c) => numericShare(c) < 0.5 && body.some((r) => /\p{L}{3,}/u.test(r[c] ?? "")) && !/\bdon vi\b|\bdvt\b/.test(fold(header(c)))) ?? 0;
  const unitCol = [...Array(width).keys()].find((c) => /\bdon vi\b|\bdvt\b/.test(fold(header(c))));
  const captionFolded = fold(captionText);
  const caption = scanFolded(captionFolded, scope.contextYear).flatMap((s) => (s.reference ? [] : [resolvePeriod(s.found, scope)].filter((p): p is Period => p !== null)));
  const tableStatus = leadStatus(captionFolded);
  // A row-number column ("TT", "STT", or 1, 2, 3 … down the rows) holds no figures.
  const rowNumbers = (c: number) =>
    /^(?:s?tt|so tt|so thu tu|thu tu)$/.test(fold(header(c)).trim()) || body.every((r, i) => (r[c] ?? "").trim() === String(i + 1) || /^[ivx]+$/i.test((r[c] ?? "").trim()));
  const columns = [...Array(width).keys()]
    .filter((c) => c !== labelCol && c !== unitCol && numericShare(c) >= 0.5 && !rowNumbers(c))
    .map((c) => classify(c, header(c), scope, caption, body.map((r) => r[c] ?? "").filter(isNumber)));
  // Ratio columns describe the cumulative figure when the table has one.
  // The latest actual column ("TH 2025" rather than "TH 2024"), the longest when two end together
  // ("9 tháng" rather than "Quý III").
  const actual = columns
    .filter((c) => c.measure === "level" && c.status !== "target")
    .sort((a, b) => (b.period?.to ?? 0) - (a.period?.to ?? 0) || (a.period?.from ?? 0) - (b.period?.from ?? 0));
  const cumulative = actual.find((c) => c.cumulative) ?? actual[0];
  const out: Fact[] = [];
  let main: { indicator: string | null; subject: string } | null = null;
  body.forEach((row, r) => {
    const rawLabel = tidy(row[labelCol] ?? "");
    if (!rawLabel) return;
    const isPart = /^[-+•–]|^trong do\b|^(?:trong do|gom)\s*:/.test(fold(rawLabel)) && main !== null;
    const label = rawLabel
      .replace(/^[-+•–]\s*/, "")
      .replace(/[,(]?\s*(?:theo\s+)?giá\s+(?:so\s+sánh|SS|cố\s+định|hiện\s+hành)[^,()]*\)?/giu, "")
      .replace(/\s*\([^()]*\)\s*$/u, "")
      .trim();
    const indicator = indicatorOf(label);
    const subject = indicator && !isPart ? { indicator, subject: indicatorByKey(indicator)!.name } : isPart ? main! : { indicator: null, subject: label };
    if (!isPart) main = subject;
    // The unit in its own column, else in brackets at the end of the label: "Giá trị SXCN (tỷ đồng)".
    const bracket = /\(([^()]+)\)\s*$/.exec(rawLabel)?.[1];
    const inLabel = bracket ? readUnit(bracket) : { scale: null, unit: null };
    const { scale, unit } = unitCol !== undefined ? readUnit(row[unitCol] ?? "") : inLabel.scale || MEASURE_UNIT.test(fold(bracket ?? "")) ? inLabel : { scale: null, unit: null };
    for (const col of columns) {
      const cell = (row[col.index] ?? "").trim();
      if (!isNumber(cell)) continue;
      let value = parseViNumber(cell.replace(/^\+/, ""));
      if (value === null) continue;
      // An index of production in a level column ("IIP | % | 107,42") is a change of +7,42 %.
      const asIndex = col.measure === "level" && unit === "%" && subject.indicator !== null && indicatorByKey(subject.indicator)!.units.includes("index") && Number(value) > 50;
      if (col.index100 || asIndex) value = (Number(value) - 100).toFixed(Math.max(0, (value.split(".")[1] ?? "").length));
      const period = col.measure === "level" ? col.period : (cumulative?.period ?? col.period);
      out.push({
        indicator: subject.indicator,
        subject: subject.subject,
        part: isPart ? label : null,
        measure: asIndex ? "change" : col.measure,
        base: asIndex ? "same_period" : col.base,
        value,
        scale: col.measure === "level" && !asIndex ? scale : null,
        unit: col.measure === "level" && !asIndex ? unit : "%",
        approx: null,
        period,
        status: col.status ?? tableStatus ?? scope.status ?? "actual",
        basis: readBasis(fold(rawLabel)),
        raw: cell,
        sentence: `${rawLabel} | ${col.header}: ${cell}`,
        position: offset + r * width + col.index,
        context: fold(`${rawLabel} ${col.header} ${captionText}`)
          .replace(/[^a-z0-9]+/g, " ")
          .trim(),
      });
    }
  });
  return out;
}
