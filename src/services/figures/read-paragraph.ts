// Reads the figures of one paragraph, sentence by sentence and clause by clause. The subject comes
// from the clause, else the clause before it ("…, tăng 2,8% so với tháng trước"), else the
// sentence before; the period from the clause, else the sentence, else the paragraph before, else
// the lead, heading or title (the caller's scope). "Trong đó …" makes the clause a part.
import { fold, tidy } from "../text/fold.ts";
import { attribute } from "./attribute.ts";
import { maskBasis, readBasis } from "./basis.ts";
import { isGeneric, nounPhraseSpan, ownRight, readApprox, readMeasure, readStatus } from "./clause.ts";
import type { Fact, Status } from "./fact.ts";
import { foldWithOrigin, sourceSlice, type FoldedText } from "./fold-map.ts";
import { DOMAIN_PHRASES, TEXT_PHRASES, indicatorByKey, isRate } from "./indicators.ts";
import { parseViNumber } from "./numbers.ts";
import { asOfMonthEnd, asOfPeriod, isPeriod, monthsPeriod, scanFolded, yearPeriod, type Found, type Period } from "./periods.ts";
import { numberTokens, occurrences, sentences, type Span } from "./scan.ts";
import { MEASURE_KINDS, readTrailer, trailerKind } from "./units.ts";

export interface Scope {
  /** Year for periods written without one: the title's, else the report date's. */
  contextYear: number | null;
  /** Period of the lead, heading or title around the paragraph, for sentences that name none. */
  fallback: Period | null;
  titlePeriods: Period[];
  reportDate: Date | null;
  /** Status a lead or a caption imposes ("… phấn đấu đạt các chỉ tiêu sau:"). */
  status: Status | null;
  /** Periods the title names as planned ("… kế hoạch năm 2026", "nhiệm vụ 6 tháng cuối năm"). */
  targetPeriods: Period[];
}

export interface SubjectRef {
  indicator: string | null;
  subject: string;
  part: string | null;
}

/** Resolves relative period words against the report's own period and date. */
export function resolvePeriod(found: Found, scope: Scope): Period | null {
  if (found === "date") return null;
  if (isPeriod(found)) return found;
  const title = (kinds: string[]) => scope.titlePeriods.find((p) => kinds.includes(p.kind)) ?? null;
  switch (found.relative) {
    case "this_month":
      return title(["month"]) ?? scope.fallback;
    case "this_quarter":
      return title(["quarter"]) ?? scope.fallback;
    case "this_year":
      return scope.contextYear ? yearPeriod(scope.contextYear) : null;
    // "Đến nay", "từ đầu nhiệm kỳ đến nay": a stock on the report's date (never the year the title
    // names); without a date, at the end of the period the title names.
    case "term_to_date":
    case "now": {
      if (scope.reportDate) return asOfPeriod(scope.reportDate);
      const latest = [...scope.titlePeriods].sort((a, b) => b.to - a.to)[0];
      return latest ? asOfMonthEnd(latest.to) : null;
    }
    case "year_to_date": {
      // Up to the report's month: the title's month, else the end of its period.
      const month = title(["month"]);
      if (month) return month.month === 1 ? month : monthsPeriod(month.month!, month.start);
      const span = title(["months", "quarter", "half"]);
      return span && span.to % 12 !== 0 ? monthsPeriod((span.to % 12) + 1, span.start) : span;
    }
  }
}

interface Word {
  w: string;
  start: number;
  end: number;
}

function wordsIn(masked: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  const re = /[a-z0-9]+/g;
  re.lastIndex = from;
  for (let m = re.exec(masked); m && m.index < to; m = re.exec(masked)) {
    if (m.index + m[0].length <= to) out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Clause openings that make what follows parts of the subject before them. */
const PART_OPENER = /(?:^\s*|[,;:(]\s*)(?:trong do\b|rieng [a-z]|theo (?:mat hang|nhom hang|nganh hang|thi truong)\b)/;
const COPULA = new Set(["dat", "la", "co", "gom", "bang"]);

const vocabularies = new Map<string, Set<string>>();
/** The words that name a subject: its own, and its indicator's names. */
function subjectVocabulary(s: SubjectRef): Set<string> {
  const key = s.indicator ?? s.subject;
  let words = vocabularies.get(key);
  if (!words) {
    const ind = s.indicator ? indicatorByKey(s.indicator) : undefined;
    words = new Set(
      fold([s.subject, ...(ind?.phrases ?? [])].join(" "))
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    );
    vocabularies.set(key, words);
  }
  return words;
}

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);
/** Lower-cases the first letter, but not of an abbreviation ("KCN"). */
const lowerFirst = (s: string) => (/^\p{Lu}{2,}\b/u.test(s) ? s : s.charAt(0).toLocaleLowerCase("vi") + s.slice(1));
const STOP_AFTER = new Set("di ve voi va tai trong cua de nham tu den tang giam dat chiem la thu nop nang vao tren duoi gom o".split(" "));

/** The words after `at` that describe what was counted or measured ("vụ vi phạm", "điện mặt trời mái nhà"). */
function phraseAfter(masked: string, at: number, end: number, max = 6): Word[] {
  const stop = /[,;:()\d]/g;
  stop.lastIndex = at;
  const to = Math.min(stop.exec(masked)?.index ?? end, end);
  const words = wordsIn(masked, at, to);
  const out: Word[] = [];
  for (const [i, w] of words.entries()) {
    if (out.length >= max || STOP_AFTER.has(w.w) || (w.w === "so" && words[i + 1]?.w === "voi")) break;
    out.push(w);
  }
  return out;
}

function plus100(value: string): string {
  const decimals = value.split(".")[1]?.length ?? 0;
  return (Number(value) + 100).toFixed(decimals);
}

export function readParagraph(text: string, scope: Scope, offset: number): Fact[] {
  const f = foldWithOrigin(text);
  const t = f.text;
  const scanned = scanFolded(t, scope.contextYear);
  let masked = maskBasis(t);
  for (const s of scanned) masked = masked.slice(0, s.index) + " ".repeat(s.length) + masked.slice(s.index + s.length);
  const para: Span = { start: 0, end: t.length };
  const phrases = occurrences(t, para, TEXT_PHRASES);
  const marks = occurrences(t, para, DOMAIN_PHRASES);
  const src = (words: Word[]) => (words.length ? tidy(sourceSlice(text, f, words[0].start, words.at(-1)!.end)) : "");
  const out: Fact[] = [];
  let carriedPeriod: Period | null = null;
  let carriedSubject: SubjectRef | null = null;
  let lastMonth: Period | null = null;

  for (const sentence of sentences(t, para)) {
    const sText = t.slice(sentence.start, sentence.end);
    const spans = scanned.filter((s) => s.index >= sentence.start && s.index < sentence.end);
    // "riêng tháng 12 đạt …", "vào tháng 6": a period for its own clause chain only.
    const periods = spans
      .filter((s) => !s.reference)
      .map((s) => ({
        index: s.index,
        end: s.index + s.length,
        period: resolvePeriod(s.found, scope),
        local: /\b(?:rieng|vao|trong do)\s*$/.test(t.slice(Math.max(0, s.index - 12), s.index)),
      }))
      .filter((p): p is { index: number; end: number; period: Period; local: boolean } => p.period !== null);
    const tokens = numberTokens(t, sentence, 0).filter((n) => !spans.some((s) => n.start < s.index + s.length && n.end > s.index));
    const sameMonthHint = /\bthang cung ky\b/.test(sText);
    let prevEnd = sentence.start;
    let previous: { key: string; start: number; end: number } | null = null;
    let last = null as (SubjectRef & { period: Period | null }) | null;
    let main = carriedSubject as SubjectRef | null;
    let sentencePeriod: Period | null = null;
    const seen = new Set<string>();
    let partFrom = sentence.start;
    for (const p of periods) if (p.period.kind === "month") lastMonth = p.period;

    for (const token of tokens) {
      // The year of a price basis ("giá so sánh 2010") is blanked out with the basis: not a figure.
      if (!masked.slice(token.start, token.end).trim()) continue;
      const trailer = readTrailer(t, token.end);
      let trailerEnd = token.end + trailer.length;
      let kind = trailerKind(trailer) ?? "none";
      let unit = trailer.unit?.display ?? null;
      // Page furniture: visit counters ("Tổng lượt truy cập: 2.502.684"); the tail of a phone
      // number ("0275.3811 627").
      const lead = t.slice(Math.max(0, token.start - 20), token.start);
      // "tháng 7", "quý 3", "năm 2025" whose year is unknown are periods, never figures.
      const periodWord = /\b(?:thang|quy|nam|ngay|tuan|ky|giai doan)\s+$/.test(lead) && !trailer.unit && !trailer.scale;
      // "số 45 đường Lê Lợi": an address.
      const address = /\bso\s+$/.test(lead) && /^\s+(?:duong|pho|ngo|hem|ngach|nha|to|ap|khu pho|phuong)\b/.test(t.slice(token.end, token.end + 12));
      if (kind === "duration" || periodWord || address || /\b(?:truy cap|online|luot xem)\s*:?\s*$/.test(lead) || /\d{4}[.\s]$/.test(lead)) {
        prevEnd = trailerEnd;
        continue;
      }
      const [numerator, total] = token.parts;
      if (total !== undefined && (kind === "none" || MEASURE_KINDS.has(kind) || Number(parseViNumber(numerator)) > Number(parseViNumber(total)))) continue;
      // A number followed by a noun counts that noun ("128 vụ", "243 gian hàng", "12,5 triệu bao");
      // a scale word alone means money ("108.092 tỷ").
      if ((kind === "none" && !trailer.scale && !numerator.includes(",")) || (trailer.scale && !trailer.unit)) {
        const next = phraseAfter(masked, token.end + trailer.length, sentence.end, 1)[0];
        // A capital starts a new phrase ("35 Tổng lượt truy cập"), unless the word is an abbreviation ("3 KCN").
        const written = next ? sourceSlice(text, f, next.start, next.end) : "";
        const lower = next && (written.charAt(0) === written.charAt(0).toLocaleLowerCase("vi") || /^\p{Lu}{2,}$/u.test(written));
        if (next && lower && next.start - (token.end + trailer.length) <= 2) {
          kind = next.w;
          unit = src([next]);
          trailerEnd = next.end;
        }
      }
      // "bình quân 6.896,3 tỷ đồng/tháng" is an average per month, not the period's figure.
      if (/^\s*\/\s*(?:thang|ngay|tuan|quy)\b|^\s+(?:moi|mot) (?:thang|ngay|tuan)\b/.test(t.slice(trailerEnd, trailerEnd + 12))) {
        prevEnd = trailerEnd;
        continue;
      }
      const percent = kind === "percent";
      const isCount = kind !== "none" && !MEASURE_KINDS.has(kind);

      const parenOpen = t.lastIndexOf("(", token.start - 1);
      const inParen = parenOpen >= sentence.start && parenOpen > t.lastIndexOf(")", token.start - 1);
      const lastSep = Math.max(...[",", ";", ":"].map((c) => t.lastIndexOf(c, token.start - 1)), inParen ? parenOpen : -1);
      const clauseStart = Math.max(prevEnd, sentence.start, lastSep + 1);
      const chainStart = Math.max(sentence.start, t.lastIndexOf(";", token.start - 1) + 1, inParen ? parenOpen + 1 : 0);
      const sentenceLeft = inParen ? masked.slice(parenOpen + 1, token.start) : masked.slice(sentence.start, token.start).replace(/\([^)]*\)/g, " ");
      const stop = /[,;:()]|\d/g;
      stop.lastIndex = trailerEnd;
      const rightEnd = Math.min(stop.exec(t)?.index ?? sentence.end, sentence.end, trailerEnd + 80);
      const right = masked.slice(trailerEnd, rightEnd);
      const clause = masked.slice(clauseStart, token.start);
      const { approx, rest } = readApprox(clause);
      const reading = readMeasure(rest, right, percent, Boolean(trailer.unit?.perYear), sentenceLeft, t.slice(trailerEnd, trailerEnd + 60));
      // A bare number read as nothing does not end a clause.
      if (kind !== "none") prevEnd = trailerEnd + (percent ? ownRight(masked.slice(trailerEnd, trailerEnd + 60)) : 0);

      const chained = previous && !/[;.]/.test(t.slice(previous.end, token.start)) ? previous : null;
      // Inside brackets the bracket is the sentence: "(hiện các CCN có 39 dự án)".
      const scopeSpan = inParen ? { start: parenOpen + 1, end: sentence.end } : sentence;
      const who = attribute({ start: token.start, end: token.end, trailerEnd, kind, sentence: scopeSpan, clauseStart, rightEnd, phrases, marks, previous: chained });
      if (who) previous = { key: who.key, start: token.start, end: trailerEnd };
      if (!reading) continue;
      if (kind === "none" && !(who && indicatorByKey(who.key)?.units.includes("index"))) continue;

      // The subject.
      const known = (key: string): SubjectRef => ({ indicator: key, subject: indicatorByKey(key)!.name, part: null });
      const clauseWords = wordsIn(masked, clauseStart, token.start);
      const [from, to] = nounPhraseSpan(clauseWords.map((w) => w.w));
      const np = clauseWords.slice(from, to);
      // "Trong đó, khu vực FDI …; khu vực trong nước …" and "riêng ngành dừa …" name parts until the
      // sentence ends; "Riêng quý III, …" names only a period, and a clause that restates the
      // subject ("Riêng quý III, giá trị SXCN đạt …") or names another one closes the list.
      const npWords = np.map((w) => w.w);
      const restates = main !== null && npWords.length > 0 && npWords.every((w) => subjectVocabulary(main!).has(w));
      const namesOther =
        who !== null &&
        who.at >= clauseStart &&
        who.key !== main?.indicator &&
        npWords.length > 0 &&
        (npWords.every((w) => subjectVocabulary(known(who.key)).has(w)) || np[0].start === who.at);
      if (namesOther || restates) partFrom = token.start;
      const partMode = PART_OPENER.test(masked.slice(Math.max(sentence.start, partFrom), token.start)) && !namesOther && !restates;
      const copula = clauseWords.slice(to).some((w) => COPULA.has(w.w));
      let subject: SubjectRef | null = null;
      const countWords = isCount ? [...wordsIn(masked, token.end, trailerEnd), ...phraseAfter(masked, trailerEnd, sentence.end, 5)] : [];
      if (isCount && countWords.length) prevEnd = Math.max(prevEnd, countWords.at(-1)!.end);
      const rightWords = !isCount && !percent && (reading.measure === "level" || reading.measure === "increment") ? phraseAfter(masked, trailerEnd, rightEnd, 5) : [];
      if (partMode && main && (np.length > 0 || last?.part)) {
        const part: string | null = np.length > 0 && !isGeneric(np.map((w) => w.w)) ? src(np) : (last?.part ?? null);
        if (part) subject = { ...main, part };
      }
      if (!subject && who && (who.at >= clauseStart || who.at === -1)) subject = known(who.key);
      // A count is named by what it counts ("47 vụ vi phạm"); the verb before it stays in the
      // context. With a scale word it is a quantity named before it ("sản lượng … 12,5 triệu bao").
      // A noun phrase with its verb "đạt" names the quantity ("cơm dừa nạo sấy đạt 4.870 tấn").
      if (!subject && isCount && np.length > 0 && copula && !isGeneric(npWords) && !who) subject = { indicator: null, subject: upperFirst(src(np)), part: null };
      // "Gian lận thương mại, vi phạm về giá: 127 vụ" – a label, then its figure.
      const unitOnly = countWords.length <= wordsIn(masked, token.end, trailerEnd).length;
      if (!subject && np.length === 0 && (!isCount || unitOnly) && /:\s*$/.test(t.slice(sentence.start, clauseStart))) {
        const label = wordsIn(masked, sentence.start, clauseStart - 1);
        const [lf, lt] = nounPhraseSpan(label.map((w) => w.w));
        const labelStart = label[lf]?.start ?? clauseStart;
        if (who && who.at >= labelStart && !partMode) subject = known(who.key);
        else if (lt > lf && lt - lf <= 12 && !isGeneric(label.slice(lf, lt).map((w) => w.w)))
          subject = main && partMode ? { ...main, part: src(label.slice(lf, lt)) } : { indicator: null, subject: upperFirst(src(label.slice(lf, lt))), part: null };
      }
      if (!subject && isCount && countWords.length > 0 && !(trailer.scale && np.length > 0)) {
        // "… cho 12 đơn vị": the unit alone says nothing more than the paragraph's indicator.
        subject = who && unitOnly ? known(who.key) : { indicator: null, subject: `Số ${lowerFirst(src(countWords))}`, part: null };
      }
      if (!subject && rightWords.length > 0) subject = { indicator: null, subject: upperFirst(src(rightWords)), part: null };
      const rateOf = percent && reading.measure === "level" ? phraseAfter(masked, trailerEnd, rightEnd, 5) : [];
      if (!subject && rateOf.length > 0 && !/^(?:so|ke|chi|muc|ty)$/.test(rateOf[0].w)) subject = { indicator: null, subject: `Tỷ lệ ${lowerFirst(src(rateOf))}`, part: null };
      if (!subject && np.length > 0) {
        const words = np.map((w) => w.w);
        const topic: SubjectRef | null = last ?? main;
        if (!isGeneric(words)) subject = { indicator: null, subject: upperFirst(src(np)), part: null };
        else if (who) subject = known(who.key);
        else if (topic) subject = { indicator: topic.indicator, subject: `${upperFirst(src(np))} ${topic.subject.replace(/^Số /, "").toLocaleLowerCase("vi")}`, part: topic.part };
      }
      // An ellipsis ("…; lũy kế hai tháng đạt …") keeps the subject of the clause before it, which
      // is nearer than any indicator named further back ("… thị trường nhập khẩu …").
      if (!subject && last) subject = { indicator: last.indicator, subject: last.subject, part: last.part };
      if (!subject && who) subject = known(who.key);
      if (!subject && carriedSubject) subject = carriedSubject;
      if (!subject) continue;
      // "IIP 9 tháng đạt 107,42%": an index, a change of +7,42 %.
      if (percent && reading.measure === "level" && subject.indicator && indicatorByKey(subject.indicator)!.units.includes("index") && Number(parseViNumber(numerator)) > 50) {
        reading.measure = "change";
        reading.base = "same_period";
        reading.index = true;
      }
      if (percent && reading.measure === "level" && subject.indicator && !isRate(indicatorByKey(subject.indicator)!)) {
        // "tỷ trọng thương mại điện tử trong tổng mức bán lẻ đạt 12%": a rate of its own.
        if (!/^(?:ty trong|ty le)\b/.test(npWords.join(" "))) continue;
        subject = { indicator: null, subject: upperFirst(src(np)), part: null };
      }

      // The period: the clause or sentence, else the sentence before, else the scope.
      const sameParen = (p: { index: number }) => {
        const open = t.lastIndexOf("(", p.index);
        const inside = open >= sentence.start && open > t.lastIndexOf(")", p.index - 1);
        return inParen ? inside && open === parenOpen : !inside;
      };
      const before = periods.filter((p) => p.end <= token.start && sameParen(p) && !(p.local && t.slice(p.end, token.start).includes(";"))).at(-1);
      const after = periods.find((p) => p.index >= trailerEnd && sameParen(p) && !/[,;:()]/.test(t.slice(trailerEnd, p.index)));
      let period = before?.period ?? after?.period ?? null;
      if (!period && last?.period && !inParen) period = last.period;
      if (!period) period = sameMonthHint && lastMonth ? lastMonth : (carriedPeriod ?? scope.fallback);
      if (!period && scope.reportDate) period = asOfPeriod(scope.reportDate);

      // A period that starts after the report was published (its month or later) and runs on for
      // months can only hold a target ("năm 2026" in a report of January 2026).
      const published = scope.reportDate ? asOfPeriod(scope.reportDate).to : null;
      const afterPublication = period !== null && published !== null && period.kind !== "asof" && period.from >= published && period.to > published + 2;
      // "Riêng từ ngày 01/12 đến ngày 20/12, …": days the bot has no period for (an event's dates,
      // "diễn ra từ ngày 12 đến 18/3 với 312 gian hàng", do not make its figures a sub-period).
      if (/\brieng\s+(?:tu\s+)?ngay\s+\d|\brieng\s+tu\s+ngay\b/.test(t.slice(chainStart, token.start))) continue;
      if (/^\s*den\s*$/.test(clause) && /\btu\s*$/.test(t.slice(Math.max(0, (previous?.start ?? token.start) - 6), previous?.start ?? token.start))) continue;
      const status =
        scope.status === "target" || afterPublication || scope.targetPeriods.some((p) => p.from === period?.from && p.to === period?.to)
          ? "target"
          : (readStatus(clause, masked.slice(chainStart, token.start), sentenceLeft, masked.slice(0, token.start)) ?? scope.status ?? "actual");
      let value = parseViNumber(numerator)!;
      if (reading.over) value = plus100(value);
      if (reading.index) value = (Number(value) - 100).toFixed(value.split(".")[1]?.length ?? 0);
      if (reading.sign < 0) value = `-${value}`;
      // "so với tháng 6" of a figure for July, "so với quý II" of one for quý III: the period before;
      // against any other month or quarter the change is not one the bot can name.
      const named = /^\W*so\s+voi\s+(thang|quy)\s+(\d{1,2}|i{1,3}|iv)\b/.exec(t.slice(trailerEnd, trailerEnd + 30));
      if (reading.measure === "change" && named) {
        const n = /\d/.test(named[2]) ? Number(named[2]) : ["", "i", "ii", "iii", "iv"].indexOf(named[2]);
        const previousOne = named[1] === "thang" ? period?.kind === "month" && n === ((period.month! + 10) % 12) + 1 : period?.kind === "quarter" && n === period.quarter! - 1;
        if (!previousOne) continue;
      }
      // "so với năm 2023" of a figure for 2024 is the same period of the year before.
      const base = reading.base?.startsWith("year:") && period && Number(reading.base.slice(5)) === period.start - 1 && period.kind !== "range" ? "same_period" : reading.base;
      const contextWords = [...wordsIn(masked, sentence.start, sentence.end).map((w) => w.w), ...countWords.map((w) => w.w)];
      // "19 dự án điện gió (19 nhà máy)" says one fact twice.
      const id = `${subject.indicator ?? subject.subject}|${subject.part}|${reading.measure}|${value}|${period?.label}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        ...subject,
        measure: reading.measure,
        base,
        value,
        scale: trailer.scale,
        unit,
        approx,
        period,
        status,
        basis: readBasis(masked.slice(chainStart, token.start).length ? t.slice(chainStart, token.start) : ""),
        raw: tidy(sourceSlice(text, f, token.start, trailerEnd)),
        sentence: tidy(sourceSlice(text, f, sentence.start, sentence.end)),
        position: offset + f.origin[token.start],
        context: contextWords.join(" "),
      });
      // A bracket ("kế hoạch năm 2026 là …") neither names the sentence's subject nor its period.
      if (inParen) continue;
      last = { ...subject, period: before?.local ? null : period };
      if (!subject.part) main = subject;
      sentencePeriod = period;
    }
    if (sentencePeriod) carriedPeriod = sentencePeriod;
    if (main) carriedSubject = main;
  }
  return out;
}

export type { FoldedText };
