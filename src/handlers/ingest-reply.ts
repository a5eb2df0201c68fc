import type { StoreResult } from "../services/reports/store.ts";
import { formatDay, storedValue } from "./figure-text.ts";
import type { BotReply } from "./types.ts";

const SHOWN_FIGURES = 8;

/**
 * What was stored, said the same way whatever brought the report (a link or a file): the verb,
 * the title, the date, the number of figures and the first few of them.
 */
export function storedReply({ report, figures, status, droppedEdits = 0 }: StoreResult): BotReply {
  const verb = status === "created" ? "Đã lưu" : status === "updated" ? "Đã cập nhật" : "Báo cáo này đã có, không đổi";
  const date = report.publishedAt ? ` (cập nhật ${formatDay(report.publishedAt)})` : "";
  const rows = figures.slice(0, SHOWN_FIGURES).map((f) => `• ${f.part ? `${f.subject} – ${f.part}` : f.subject}${f.periodLabel ? `, ${f.periodLabel}` : ""}: ${storedValue(f)}`);
  const more = figures.length > SHOWN_FIGURES ? `\n… và ${figures.length - SHOWN_FIGURES} số liệu khác.` : "";
  const list = rows.length ? `\n${rows.join("\n")}${more}` : "\nKhông tìm thấy số liệu nào trong bài.";
  const lost = droppedEdits > 0 ? `\n${droppedLine(droppedEdits)}` : "";
  return { intent: "ingest", text: `${verb}: “${report.title}”${date}, ${figures.length} số liệu.${list}${lost}` };
}

/** Staff edits a new reading could not keep (services/reports/staff-edits.ts). */
export const droppedLine = (n: number) =>
  `Lưu ý: ${n} số liệu cán bộ đã sửa hoặc ẩn trên trang quản trị không còn trong bản mới của báo cáo, nên không giữ được; hãy xem lại báo cáo trên trang quản trị.`;
