import type { Db } from "../services/db.ts";
import { extractFacts } from "../services/figures/extract.ts";
import { fetchFailureReason } from "../services/http/safe-fetch.ts";
import type { Logger } from "../services/logger.ts";
import type { FetchedPage } from "../services/reports/fetch-page.ts";
import type { IngestResult } from "../services/reports/ingest.ts";
import { storedReply } from "./ingest-reply.ts";
import { isStaff } from "./staff.ts";
import type { BotReply, BotRequest } from "./types.ts";

const LINK = /https?:\/\/[^\s<>"]+/i;

/**
 * One reply for every link that could not be read: refused address, closed port, timeout, HTTP
 * error. Telling them apart would let whoever sends links map the network behind the bot; the log
 * keeps the difference.
 */
export const UNREADABLE_LINK = "Không đọc được liên kết này. Anh/chị kiểm tra lại đường link, hoặc gửi báo cáo dạng tệp (PDF, Word) vào đây.";

/** Marks a failure of the download itself, as opposed to reading or storing what was downloaded. */
export class LinkUnreadable extends Error {}

/** Stores the report at a link; throws LinkUnreadable when the link could not be downloaded. */
export type IngestLinkFn = (url: string) => Promise<IngestResult>;

/** The link ingestion the chat and the staff console share (`ingestSource` over `fetchPage`). */
export function linkIngestion(db: Db, fetchPage: (url: string) => Promise<FetchedPage>): IngestLinkFn {
  const fetchOrMark = async (url: string) => {
    try {
      return await fetchPage(url);
    } catch (err) {
      throw new LinkUnreadable((err as Error)?.message ?? String(err), { cause: err });
    }
  };
  return async (url) => {
    // Loaded on first use: the HTML parser costs more start-up time than everything else here.
    const { ingestSource } = await import("../services/reports/ingest.ts");
    return ingestSource(db, url, { extract: extractFacts, fetchPage: fetchOrMark });
  };
}

export interface LinkIngestDeps {
  staffIds: ReadonlySet<string>;
  ingestLink: IngestLinkFn;
  logger: Logger;
}

/** Staff send a report's link to have it stored; everyone else is told they cannot. */
export function createLinkIngest({ staffIds, ingestLink, logger }: LinkIngestDeps) {
  return async function ingestLinkMessage(request: BotRequest): Promise<BotReply | null> {
    const url = LINK.exec(request.text)?.[0]?.replace(/[.,;)]+$/, "");
    if (!url) return null;
    if (!isStaff(staffIds, request)) {
      return { intent: "ingest_denied", text: "Xin lỗi, chỉ cán bộ của Sở mới thêm được báo cáo bằng đường link. Bạn cần tra số liệu nào, cứ hỏi tôi nhé." };
    }
    try {
      return storedReply(await ingestLink(url));
    } catch (err) {
      if (err instanceof LinkUnreadable) {
        logger.warn({ event: "ingest_link_unreadable", channel: request.channel, reason: fetchFailureReason(err.cause), detail: err.message }, "staff link not read");
        return { intent: "ingest_failed", text: UNREADABLE_LINK };
      }
      return { intent: "ingest_failed", text: `Không lưu được báo cáo từ đường link này: ${(err as Error).message}` };
    }
  };
}
