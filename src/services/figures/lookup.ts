// The stored facts, held in memory for answering: one query loads them with their reports, and a
// cheap check (report count and last update) reloads them after an ingestion. Measured with 1,000
// reports (about 8,000 facts), scoring every fact for a question costs a few milliseconds.
import type { Db } from "../db.ts";
import { fold } from "../text/fold.ts";
import type { Approx, ChangeBase, Measure, Status } from "./fact.ts";
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

/** A stored fact with its report, as the answers use it. */
export interface FactRow {
  id: number;
  indicator: string | null;
  subject: string;
  part: string | null;
  measure: Measure;
  base: ChangeBase | null;
  value: string;
  scale: string | null;
  unit: string | null;
  approx: Approx | null;
  periodKind: string | null;
  periodLabel: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  status: Status;
  basis: string | null;
  sentence: string;
  position: number;
  report: ReportRef;
  /** Words that name the subject (its phrase, and the indicator's names when it has one). */
  subjectWords: Set<string>;
  /** Each name of the subject on its own (the phrase, or the indicator's name and phrases). */
  names: Set<string>[];
  partWords: Set<string>;
  contextWords: Set<string>;
  /** Identity of what is measured, for grouping: indicator or subject, and part. */
  group: string;
}

type Row = Omit<FactRow, "report" | "subjectWords" | "names" | "partWords" | "contextWords" | "group"> & {
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
  return {
    ...f,
    periodFrom: f.periodFrom === null ? null : Number(f.periodFrom),
    periodTo: f.periodTo === null ? null : Number(f.periodTo),
    report: { id: Number(reportId), title, url, publishedAt: publishedAt === null ? null : new Date(publishedAt), source, authoritative: Boolean(authoritative) },
    subjectWords: new Set(names.flatMap((n) => [...n])),
    names,
    partWords: f.part ? words(f.part) : new Set(),
    contextWords: words(context),
    group: `${f.indicator ?? fold(f.subject)}|${f.part ? fold(f.part) : ""}`,
  };
}

export interface FactIndex {
  /** Every stored fact, newest report first. */
  all(): Promise<FactRow[]>;
}

/** Facts in memory, reloaded when the reports change. */
export function createFactIndex(db: Db): FactIndex {
  let stamp = "";
  let facts: FactRow[] = [];
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
          ORDER BY r.publishedAt IS NULL, r.publishedAt DESC, r.id DESC, f.position ASC`;
        facts = rows.map(toFactRow);
        stamp = now;
      }
      return facts;
    },
  };
}
