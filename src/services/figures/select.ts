// Picks the fact a question asks for: the subject by the words it shares with the question (a
// part only when the question names it), then the measure, the status (a target only when asked),
// the period (exactly the one asked, else the newest), and among the reports that state it, the
// one that counts: authoritative first, then official over actual over estimate, then the newest.
import { fold } from "../text/fold.ts";
import { statusRank } from "./fact.ts";
import type { FactRow, FactStore } from "./lookup.ts";
import type { FigureQuestion } from "./question.ts";
import { readTrailer, trailerKind } from "./units.ts";

export type Selection =
  | { kind: "answer"; chosen: FactRow; related: FactRow[]; others: FactRow[]; fallback: boolean }
  /** The subject is on record, but not for the period asked; `target` is its plan for that period, if any. */
  | { kind: "no_period"; subject: FactRow; periods: FactRow[]; target: FactRow | null }
  | { kind: "no_subject"; nearest: string[] };

/** Share of the question's words a fact explains: 1 for its subject or part, 0.6 for its sentence. */
const MIN_COVERAGE = 0.6;
const MAX_OTHERS = 6;

export function coverage(words: string[], f: FactRow): { score: number; strong: number; unexplained: number } {
  let score = 0;
  let strong = 0;
  let unexplained = 0;
  for (const w of words) {
    if (f.subjectWords.has(w) || f.partWords.has(w)) (score += 1), strong++;
    else if (f.contextWords.has(w)) score += 0.6;
    else unexplained++;
  }
  return { score: words.length ? score / words.length : 0, strong, unexplained };
}

/**
 * Two words of the question that nothing around a figure explains ("… CCN Đông Bình") mean the
 * question is about something else, however well the rest matches.
 */
const MAX_UNEXPLAINED = 1;

/**
 * How much of one of the subject's names the question says (its best name): a question about
 * "doanh nghiệp thành lập mới" shares "thành lập" with "Số cụm công nghiệp đã thành lập" but
 * says nothing of "cụm công nghiệp". Names hold only their telling words (lookup.ts).
 */
function precision(asked: ReadonlySet<string>, f: FactRow): number {
  let best = 0;
  const share = (name: readonly string[]) => {
    if (name.length === 0) return;
    let found = 0;
    for (const w of name) if (asked.has(w)) found++;
    best = Math.max(best, found / name.length);
  };
  for (const name of f.names) share(name);
  if (f.part) share(f.partNames);
  return best;
}
const MIN_PRECISION = 0.5;

/** Words that name one of two different things: a question with one is never about the other. */
const CONTRASTS: [string, string][] = [
  ["khucongnghiep", "cumcongnghiep"],
  ["xuatkhau", "nhapkhau"],
  ["trongnuoc", "nuocngoai"],
];

function contradicts(words: ReadonlySet<string>, f: FactRow): boolean {
  const own = (w: string) => f.subjectWords.has(w) || f.partWords.has(w);
  return CONTRASTS.some(([a, b]) => (words.has(a) && !words.has(b) && own(b) && !own(a)) || (words.has(b) && !words.has(a) && own(a) && !own(b)));
}

const unitKinds = new Map<string, string | null>();
function unitKind(f: FactRow): string | null {
  const key = `${f.scale ?? ""} ${f.unit ?? ""}`;
  const folded = fold(key).replace(/²/g, "2").trim();
  if (!unitKinds.has(key)) unitKinds.set(key, trailerKind(readTrailer(` ${folded}`, 0)) ?? fold(f.unit ?? "").split(" ")[0] ?? null);
  return unitKinds.get(key)!;
}

/** A part is answered only when the question names it ("khu vực FDI", "nhóm hàng dừa"). */
const partAsked = (words: string[], f: FactRow) => !f.part || words.some((w) => f.partWords.has(w) && !f.subjectWords.has(w));

const samePeriod = (a: FactRow, b: FactRow) => a.periodFrom === b.periodFrom && a.periodTo === b.periodTo && a.periodKind === b.periodKind;
const periodKey = (f: FactRow) => `${f.periodKind}|${f.periodFrom}|${f.periodTo}`;

/** Which of several reports stating one fact counts. */
export function revisionOrder(a: FactRow, b: FactRow): number {
  return (
    Number(b.report.authoritative) - Number(a.report.authoritative) ||
    statusRank(b.status) - statusRank(a.status) ||
    (b.report.publishedAt?.getTime() ?? 0) - (a.report.publishedAt?.getTime() ?? 0) ||
    a.position - b.position
  );
}

const newestFirst = (a: FactRow, b: FactRow) => (b.periodTo ?? -1) - (a.periodTo ?? -1) || (a.periodFrom ?? 0) - (b.periodFrom ?? 0);

function inFamily(q: FigureQuestion, f: FactRow): boolean {
  if (q.family === "month") return f.periodKind === "month";
  if (q.family === "cumulative") return f.periodKind !== "month" && f.periodKind !== "asof";
  return true;
}

/** The period asked, exactly; or, asked without a year, the same months of any year. */
function periodFits(q: FigureQuestion, f: FactRow): boolean {
  const p = q.period!;
  if (f.periodKind === "asof" || f.periodFrom === null || f.periodTo === null) return false;
  if (!q.yearless) return f.periodFrom === p.from && f.periodTo === p.to;
  return f.periodFrom % 12 === p.from % 12 && f.periodTo - f.periodFrom === p.to - p.from;
}

function measureFits(q: FigureQuestion, f: FactRow, measure = q.measure): boolean {
  if (measure === "plan_share") return f.measure === "plan_share" || f.measure === "target_share";
  return f.measure === measure;
}

/** Names written with capitals in the question are the fact's own words (with their diacritics). */
function namesHeld(q: FigureQuestion, f: FactRow): boolean {
  if (q.names.length === 0) return true;
  const own = `${f.subject} ${f.part ?? ""} ${f.sentence} ${f.report.title}`.normalize("NFC").toLocaleLowerCase("vi");
  return q.names.every((n) => own.includes(n));
}

/**
 * Whether a fact's subject is what the question names: enough of the question, at most one word
 * explained by nothing, and enough of one of the subject's names (unless every word is its own).
 */
function subjectFits(q: FigureQuestion, asked: ReadonlySet<string>, f: FactRow, c = coverage(q.words, f)): boolean {
  return c.score >= MIN_COVERAGE && c.strong > 0 && c.unexplained <= MAX_UNEXPLAINED && (c.strong === q.words.length || precision(asked, f) >= MIN_PRECISION);
}

export function selectFact(q: FigureQuestion, store: FactStore): Selection {
  const facts = store.naming(q.words);
  const askedWords: ReadonlySet<string> = new Set(q.words);
  const statusOk = (f: FactRow) => (q.target ? f.status === "target" : f.status !== "target");
  const unitOk = (f: FactRow) => !q.unitKind || unitKind(f) === q.unitKind;
  const eligible = (measure = q.measure) =>
    facts.filter((f) => statusOk(f) && measureFits(q, f, measure) && unitOk(f) && partAsked(q.words, f) && namesHeld(q, f) && !contradicts(askedWords, f));
  let candidates = eligible();
  // Indices such as IIP are reported as changes only: asked for the index, the change answers.
  let fallback = false;
  if (q.measure === "level" && !candidates.some((f) => subjectFits(q, askedWords, f))) {
    candidates = eligible("change");
    fallback = true;
  }
  const scored = candidates
    .map((f) => ({ f, ...coverage(q.words, f), precise: precision(askedWords, f) }))
    .filter((s) => subjectFits(q, askedWords, s.f, s))
    .sort((a, b) => b.score - a.score || b.precise - a.precise || b.strong - a.strong || Number(a.f.part !== null) - Number(b.f.part !== null) || newestFirst(a.f, b.f));
  if (scored.length === 0) return { kind: "no_subject", nearest: nearestSubjects(q, facts) };

  // Of subjects matched about as well, the one on record for the period asked ("thu nộp ngân
  // sách" and "thu nộp ngân sách nhà nước" are one subject to the reader).
  const asked = q.period;
  const close = scored.filter((s) => s.score >= scored[0].score - 0.15);
  const withPeriod = asked
    ? close.find((s) => periodFits(q, s.f) || (q.latest && s.f.periodKind === "asof" && s.f.periodFrom! >= asked.from && s.f.periodTo! <= asked.to))
    : undefined;
  const group = (withPeriod ?? scored[0]).f.group;
  // Every fact of the subject chosen, not only those whose own words scored: which report counts
  // (revisions) must not depend on a sentence's wording.
  const fits = new Set(candidates);
  let pool = store.group(group).filter((f) => fits.has(f));
  if (q.measure === "change") {
    // Without a base asked, the one on record for the period asked: same period, per year, previous.
    const bases = q.base ? [q.base] : ["same_period", "per_year", "previous_period"];
    const inPeriod = q.period ? pool.filter((f) => periodFits(q, f)) : [];
    const base = bases.find((b) => (inPeriod.length ? inPeriod : pool).some((f) => f.base === b));
    pool = pool.filter((f) => f.base === base);
    if (pool.length === 0) return { kind: "no_subject", nearest: nearestSubjects(q, facts) };
  }

  let chosenPeriod: FactRow[];
  if (q.period) {
    // "Đến nay, giai đoạn 2021–2025 …": the latest stock within the period asked.
    const within = (f: FactRow) => q.latest && f.periodKind === "asof" && f.periodFrom! >= q.period!.from && f.periodTo! <= q.period!.to;
    chosenPeriod = pool.filter((f) => periodFits(q, f) || within(f));
    // The latest stock within the period, or the latest year of a period asked without one.
    if (chosenPeriod.some(within)) chosenPeriod = chosenPeriod.filter(within);
    chosenPeriod = chosenPeriod.sort(newestFirst).filter((f, _, all) => samePeriod(f, all[0]));
    if (chosenPeriod.length === 0) {
      const target = q.target
        ? null
        : (store
            .group(group)
            .filter((f) => f.status === "target" && f.measure === pool[0].measure && periodFits(q, f))
            .sort(newestFirst)[0] ?? null);
      return { kind: "no_period", subject: pool[0], periods: onePerPeriod(pool), target };
    }
  } else {
    const family = pool.filter((f) => inFamily(q, f));
    const newest = [...(family.length ? family : pool)].sort(newestFirst)[0];
    chosenPeriod = pool.filter((f) => samePeriod(f, newest));
  }
  const chosen = [...chosenPeriod].sort(revisionOrder)[0];
  const others = q.period ? [] : onePerPeriod(pool.filter((f) => !samePeriod(f, chosen) && inFamily(q, f))).slice(-MAX_OTHERS);
  return { kind: "answer", chosen, related: relatedFacts(chosen, store.group(chosen.group)), others, fallback };
}

/** One fact per period (the one that counts), oldest period first. */
function onePerPeriod(pool: FactRow[]): FactRow[] {
  const best = new Map<string, FactRow>();
  for (const f of [...pool].sort(revisionOrder)) if (!best.has(periodKey(f))) best.set(periodKey(f), f);
  return [...best.values()].sort((a, b) => -newestFirst(a, b));
}

/**
 * What the same report says of the same subject and period besides a quantity: its changes and
 * shares. Never a part, another quantity (the increment beside a total) or a target beside an
 * actual figure; and nothing beside a change or a share, which was what was asked.
 */
function relatedFacts(chosen: FactRow, sameSubject: readonly FactRow[]): FactRow[] {
  const quantity = (f: FactRow) => f.measure === "level" || f.measure === "increment";
  const out: FactRow[] = [];
  const seen = new Set([`${chosen.measure}|${chosen.base}`]);
  for (const f of sameSubject) {
    if (f.report.id !== chosen.report.id || !samePeriod(f, chosen)) continue;
    if ((f.status === "target") !== (chosen.status === "target")) continue;
    // Asked for a change or a share, that is the answer, alone.
    if (!quantity(chosen) || quantity(f)) continue;
    const key = `${f.measure}|${f.base}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Names of the subjects closest to the question, for "no figure" replies: names only, never numbers. */
function nearestSubjects(q: FigureQuestion, facts: readonly FactRow[]): string[] {
  const best = new Map<string, number>();
  for (const f of facts) {
    if (f.part) continue;
    const { score, strong } = coverage(q.words, f);
    if (strong === 0) continue;
    if (score > (best.get(f.subject) ?? 0)) best.set(f.subject, score);
  }
  return [...best]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s]) => s);
}
