// What the crawler is given and what it reports, shared by its modules (crawl.ts re-exports them).
import { isBusyError } from "../db-lock-wait.ts";
import type { Logger } from "../logger.ts";
import type { Extractor } from "../reports/store.ts";
import type { SourceFetch, SourceState } from "./fetch-source.ts";

export interface CrawlDeps {
  fetchSource: (source: SourceState) => Promise<SourceFetch>;
  /** The HTML of an item's article page. */
  fetchArticle: (url: string) => Promise<string>;
  logger: Logger;
  now: () => Date;
  notifyStaff: (text: string) => Promise<void>;
  /** Items queued per source per run; the rest wait, stored, for the next runs. Default 20. */
  maxNewPerSource?: number;
  extract?: Extractor;
  /** REVIEW_CRAWLED_REPORTS: stored articles' figures wait for staff review before they are answered. */
  reviewArticles?: boolean;
  /** Poll sources even while they are backing off (an operator's manual run). */
  ignoreBackoff?: boolean;
}

export type SourceStatus = "ok" | "not_modified" | "failed" | "skipped_backoff" | "empty";

export interface SourceOutcome {
  url: string;
  status: SourceStatus;
  found: number;
  new: number;
  queued: number;
  /** Article links not fetched because they lead off the source's site (article-hosts.ts). */
  offsite: number;
  error?: string;
}

export interface CrawlSummary {
  sources: SourceOutcome[];
  newItems: number;
  queued: number;
}

/** How a caught error reads in logs, outcomes and staff messages. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (isBusyError(err)) return "cơ sở dữ liệu bị một tiến trình khác khóa quá lâu";
  // Prisma's messages open with the calling source code; what went wrong is the last line.
  if (err.name.startsWith("PrismaClient")) return `lỗi cơ sở dữ liệu: ${err.message.trim().split("\n").at(-1)}`;
  return err.message;
}
