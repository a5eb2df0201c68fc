// The stored facts, held in memory for answering: one query loads them with their reports, and a
// cheap check (report count and last update) reloads them after an ingestion. Measured with 1,000
// reports (about 8,000 facts), scoring every fact for a question costs a few milliseconds.
import type { Db } from "../db.ts";
import { fold } from "../text/fold.ts";
import type { Fact } from "./fact.ts";
import type { PeriodKind } from "./periods.ts";
import { indicatorByKey } from "./indicators.ts";
import { normalizeWords } from "../nlu/normalize.ts";
import { merge } from "./question-words.ts";

export interface ReportRef {
  id: number;
  title: string;
  url: string;
  publishedAt: Date | null;
  source: string | null;
  authoritative: boolean;
}

/**
 * A stored fact with its report, as the answers use it: the extracted fact, its period flattened
 * as stored (Figure's columns), and the words it is matched by.
 */
export interface FactRow extends Omit<Fact, "period" | "raw" | "context"> {
  id: number;
  periodKind: PeriodKind | null;
  periodLabel: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  report: ReportRef;
  /** Words that name the subject (its phrase, and the indicator's names when it has one). */
  subjectWords: Set<string>;
  /** Each name of the subject on its own (the phrase, or the indicator's name and phrases), telling words only. */
  names: string[][];
  /** The part's telling words. */
  partNames: string[];
  partWords: Set<string>;
  contextWords: Set<string>;
  /** Identity of what is measured, for grouping: indicator or subject, and part. */
  group: string;
}

type Row = Omit<FactRow, "report" | "subjectWords" | "names" | "partWords" | "partNames" | "contextWords" | "group"> & {
  context: string;
  reportId: number;
  title: string;
  url: string;
  publishedAt: Date | string | number | null;
  source: string | null;
  authoritative: number | boolean;
};

// The questions' own pipeline: folding, abbreviations ("QLTT", "CCN") and compounds.
const words = (text: string) => new Set(merge(normalizeWords(text)));
/** Words that say little of what a subject is: "số", "tổng", "các", "được". */
const LIGHT = new Set(["sanluong", "soluong", "so", "tong", "cac", "cua", "trong", "duoc", "da", "va", "co", "nam", "tai", "ve", "voi", "cho", "the", "nhung", "khu", "vuc"]);
const telling = (set: Set<string>) => [...set].filter((w) => !LIGHT.has(w));

const indicatorNames = new Map<string, Set<string>[]>();
function namesOf(key: string | null, subject: string): Set<string>[] {
  const own = words(subject);
  if (!key) return [own];
  let known = indicatorNames.get(key);
  if (!known) {
    const ind = indicatorByKey(key);
    known = [ind?.name ?? "", ...(ind?.phrases ?? [])].map(words);
    indicatorNames.set(key, known);
  }
  return [own, ...known];
}

function toFactRow(r: Row): FactRow {
  const { context, reportId, title, url, publishedAt, source, authoritative, ...f } = r;
  const names = namesOf(f.indicator, f.subject);
  const partWords = f.part ? words(f.part) : new Set<string>();
  return {
    ...f,
    periodFrom: f.periodFrom === null ? null : Number(f.periodFrom),
    periodTo: f.periodTo === null ? null : Number(f.periodTo),
    report: { id: Number(reportId), title, url, publishedAt: publishedAt === null ? null : new Date(publishedAt), source, authoritative: Boolean(authoritative) },
    subjectWords: new Set(names.flatMap((n) => [...n])),
    names: names.map(telling),
    partWords,
    partNames: telling(partWords),
    contextWords: words(context),
    group: `${f.indicator ?? fold(f.subject)}|${f.part ? fold(f.part) : ""}`,
  };
}

/** The stored facts, and two ways in: by a word of their subject or part, and by subject. */
export interface FactStore {
  all: readonly FactRow[];
  /** Facts whose subject or part holds one of these words (a fact without one cannot match). */
  naming(words: readonly string[]): FactRow[];
  /** Every fact of one subject and part (FactRow.group). */
  group(key: string): readonly FactRow[];
}

export function factStore(all: readonly FactRow[]): FactStore {
  const byWord = new Map<string, FactRow[]>();
  const byGroup = new Map<string, FactRow[]>();
  for (const f of all) {
    for (const w of new Set([...f.subjectWords, ...f.partWords])) {
      const list = byWord.get(w);
      if (list) list.push(f);
      else byWord.set(w, [f]);
    }
    const members = byGroup.get(f.group);
    if (members) members.push(f);
    else byGroup.set(f.group, [f]);
  }
  const order = new Map(all.map((f, i) => [f, i]));
  return {
    all,
    naming(words) {
      const found = new Set<FactRow>();
      for (const w of words) for (const f of byWord.get(w) ?? []) found.add(f);
      // Kept in the store's order (newest report first): ties are broken the same way every time.
      return [...found].sort((a, b) => order.get(a)! - order.get(b)!);
    },
    group: (key) => byGroup.get(key) ?? [],
  };
}

export interface FactIndex {
  /** Every stored fact, newest report first, indexed. */
  all(): Promise<FactStore>;
}

/**
 * Facts in memory, reloaded when the reports change. Figures staff hid, and those of reports
 * awaiting review, are left out; a corrected figure's `value` is the staff's. A console edit
 * touches its report's updatedAt (services/console/report-review.ts), so it is seen at once.
 */
export function createFactIndex(db: Db): FactIndex {
  let stamp = "";
  let facts = factStore([]);
  return {
    async all() {
      const [s] = await db.$queryRaw<{ n: number | bigint; t: string | number | null }[]>`SELECT COUNT(*) AS n, MAX(updatedAt) AS t FROM Report`;
      const now = `${s.n}|${s.t}`;
      if (now !== stamp) {
        const rows = await db.$queryRaw<Row[]>`
          SELECT f.id, f.indicator, f.subject, f.part, f.measure, f.base, f.value, f.scale, f.unit, f.approx, f.periodKind,
            f.periodLabel, f.periodFrom, f.periodTo, f.status, f.basis, f.sentence, f.position, f.context,
            r.id AS reportId, r.title, r.url, r.publishedAt, r.source, r.authoritative
          FROM Figure f JOIN Report r ON r.id = f.reportId
          WHERE f.hidden = 0 AND r.awaitingReview = 0
          ORDER BY r.publishedAt IS NULL, r.publishedAt DESC, r.id DESC, f.position ASC`;
        facts = factStore(rows.map(toFactRow));
        stamp = now;
      }
      return facts;
    },
  };
}

const shared = new WeakMap<Db, FactIndex>();

/** One index per database: the figure answers and the charts read the same facts, held once. */
export function sharedFactIndex(db: Db): FactIndex {
  let index = shared.get(db);
  if (!index) shared.set(db, (index = createFactIndex(db)));
  return index;
}
