import { TfIdf } from "natural/lib/natural/tfidf/index.js";
import type { Db } from "../db.ts";
import type { ReportRef } from "../figures/lookup.ts";
import { normalizeWords } from "../nlu/normalize.ts";

export interface SentenceHit {
  sentence: string;
  report: ReportRef;
  score: number;
}

// Too common in reports to show that a sentence is about what was asked.
const WEAK = new Set("la gi cua cho toi bao nhieu the nao o dau khong co va cac nhung nam thang so trong tinh ben tre da duoc voi tren dia ban".split(" "));
const MIN_SHARED_WORDS = 2;

function sentencesOf(body: string): string[] {
  return body
    .split(/(?<=[.!?;])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 30 && s.length <= 600);
}

/**
 * TF-IDF over every sentence of the stored reports, built lazily and rebuilt when reports change:
 * the answer of last resort for a figure question that matches no structured figure.
 */
export function createSentenceSearch(db: Db) {
  let built: { stamp: string; tfidf: TfIdf; entries: { sentence: string; words: Set<string>; report: ReportRef }[] } | undefined;

  async function index() {
    const agg = await db.report.aggregate({ _count: true, _max: { updatedAt: true } });
    const stamp = `${agg._count}:${agg._max.updatedAt?.toISOString() ?? ""}`;
    if (built?.stamp === stamp) return built;
    const reports = await db.report.findMany({ select: { id: true, title: true, url: true, publishedAt: true, source: true, body: true } });
    const tfidf = new TfIdf();
    tfidf.setStopwords([]);
    const entries: NonNullable<typeof built>["entries"] = [];
    for (const { body, ...report } of reports) {
      for (const sentence of sentencesOf(body)) {
        const words = normalizeWords(sentence);
        tfidf.addDocument(words);
        entries.push({ sentence, words: new Set(words), report });
      }
    }
    built = { stamp, tfidf, entries };
    return built;
  }

  return async function bestSentence(question: string): Promise<SentenceHit | null> {
    const terms = [...new Set(normalizeWords(question).filter((w) => !WEAK.has(w) && !/^\d+$/.test(w)))];
    if (terms.length === 0) return null;
    const { tfidf, entries } = await index();
    let best: SentenceHit | null = null;
    tfidf.tfidfs(terms, (i, score) => {
      const shared = terms.filter((t) => entries[i].words.has(t)).length;
      if (shared >= Math.min(MIN_SHARED_WORDS, terms.length) && score > (best?.score ?? 0)) best = { sentence: entries[i].sentence, report: entries[i].report, score };
    });
    return best;
  };
}
