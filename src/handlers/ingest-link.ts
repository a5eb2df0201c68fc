import type { Db } from "../services/db.ts";
import { extractFacts } from "../services/figures/extract.ts";
import type { FetchedPage } from "../services/reports/fetch-page.ts";
import { storedReply } from "./ingest-reply.ts";
import { isStaff } from "./staff.ts";
import type { BotReply, BotRequest } from "./types.ts";

const LINK = /https?:\/\/[^\s<>"]+/i;

/** Staff send a report's link to have it stored; everyone else is told they cannot. */
export function createLinkIngest({ db, staffIds, fetchPage }: { db: Db; staffIds: ReadonlySet<string>; fetchPage: (url: string) => Promise<FetchedPage> }) {
  return async function ingestLink(request: BotRequest): Promise<BotReply | null> {
    const url = LINK.exec(request.text)?.[0]?.replace(/[.,;)]+$/, "");
    if (!url) return null;
    if (!isStaff(staffIds, request)) {
      return { intent: "ingest_denied", text: "Xin lỗi, chỉ cán bộ của Sở mới thêm được báo cáo bằng đường link. Bạn cần tra số liệu nào, cứ hỏi tôi nhé." };
    }
    try {
      // Loaded on first use: the HTML parser costs more start-up time than everything else here.
      const { ingestSource } = await import("../services/reports/ingest.ts");
      return storedReply(await ingestSource(db, url, { extract: extractFacts, fetchPage }));
    } catch (err) {
      return { intent: "ingest_failed", text: `Không lưu được báo cáo từ đường link này: ${(err as Error).message}` };
    }
  };
}
