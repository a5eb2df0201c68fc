// The console's figures explorer: which indicators have stored figures, and one indicator's
// figures across reports, read from the database: only what the bot answers (no hidden figure,
// none of a report awaiting review). The series
// itself is built by src/services/figures/series.ts, as for the bot's charts.
import type { Db } from "../db.ts";
import { indicatorByKey } from "../figures/indicators.ts";
import { type IndicatorSeries, type SeriesRow, seriesOf } from "../figures/series.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/** Only what the bot answers: no hidden figure, none of a report awaiting review (f: Figure, r: Report). */
const ANSWERED = Prisma.sql`f.hidden = 0 AND r.awaitingReview = 0`;

export interface IndicatorChoice {
  key: string;
  name: string;
  count: number;
}

/** The known indicators that have at least one stored figure, by Vietnamese name. */
export async function indicatorChoices(db: Db): Promise<IndicatorChoice[]> {
  const rows = await db.$queryRaw<{ indicator: string; n: number | bigint }[]>`
    SELECT f.indicator, COUNT(*) AS n FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.indicator IS NOT NULL AND ${ANSWERED} GROUP BY f.indicator`;
  return rows
    .flatMap((r) => {
      const ind = indicatorByKey(r.indicator);
      return ind ? [{ key: ind.key, name: ind.name, count: Number(r.n) }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

type Raw = Omit<SeriesRow, "report" | "periodFrom" | "periodTo"> & {
  indicator: string;
  periodFrom: number | bigint | null;
  periodTo: number | bigint | null;
  reportId: number | bigint;
  title: string;
  url: string;
  publishedAt: Date | string | number | null;
  source: string | null;
  authoritative: number | boolean;
};

const num = (v: number | bigint | null) => (v === null ? null : Number(v));

/** One indicator's figures of one measure (by default its level figures, else its most frequent measure); null for an indicator without figures. */
export async function readIndicatorSeries(db: Db, key: string, measure?: string): Promise<IndicatorSeries | null> {
  if (!indicatorByKey(key)) return null;
  const raw = await db.$queryRaw<Raw[]>`
    SELECT f.id, f.indicator, f.part, f.measure, f.base, f.value, f.scale, f.unit, f.approx, f.periodKind, f.periodLabel, f.periodFrom,
      f.periodTo, f.status, f.basis, r.id AS reportId, r.title, r.url, r.publishedAt, r.source, r.authoritative
    FROM Figure f JOIN Report r ON r.id = f.reportId
    WHERE f.indicator = ${key} AND ${ANSWERED}`;
  const rows = raw.map(({ reportId, title, url, publishedAt, source, authoritative, ...f }) => ({
    ...f,
    id: Number(f.id),
    periodFrom: num(f.periodFrom),
    periodTo: num(f.periodTo),
    report: { id: Number(reportId), title, url, publishedAt: publishedAt === null ? null : new Date(publishedAt), source, authoritative: Boolean(authoritative) },
  }));
  return seriesOf(rows, key, measure);
}
