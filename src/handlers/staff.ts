import type { Db } from "../services/db.ts";
import { ANNOUNCEMENT_MAX_CHARS } from "../services/alerts/format.ts";
import { outboxStats } from "../services/alerts/sender.ts";
import { activeSubscriberCount, confirmAnnouncement, dropAnnouncement, holdAnnouncement } from "../services/announcements.ts";
import { fold } from "../services/text/fold.ts";
import { formatDay } from "./figure-text.ts";
import type { BotReply, BotRequest } from "./types.ts";

/**
 * Staff are listed in STAFF_IDS as "channel:userId", and act as staff only in a private chat with
 * the bot: in a group, statistics and report uploads would be shown to every member. The web chat
 * has no sign-in (its ids are whatever the browser sends), so nobody is staff there.
 */
export const isStaff = (staffIds: ReadonlySet<string>, request: BotRequest) =>
  request.channel !== "web" && request.chatType !== "group" && staffIds.has(`${request.channel}:${request.userId}`);

export const NOT_STAFF: BotReply = { intent: "staff_denied", text: "Xin lỗi, lệnh này chỉ dành cho cán bộ của Sở." };
/** One Zalo message with the heading and the unsubscribe line, as in the console. */
const MAX_ANNOUNCEMENT = ANNOUNCEMENT_MAX_CHARS;

export async function answerStats(db: Db): Promise<BotReply> {
  const [subscribers, outbox, sources] = await Promise.all([
    db.subscriber.groupBy({ by: ["channel", "active"], _count: { _all: true } }),
    outboxStats(db),
    db.newsSource.findMany({ where: { kind: { not: "announcement" } }, orderBy: { id: "asc" } }),
  ]);
  const perChannel = new Map<string, { active: number; inactive: number }>();
  for (const g of subscribers) {
    const row = perChannel.get(g.channel) ?? { active: 0, inactive: 0 };
    row[g.active ? "active" : "inactive"] += g._count._all;
    perChannel.set(g.channel, row);
  }
  const lines = ["📈 Thống kê", "Người đăng ký:"];
  if (perChannel.size === 0) lines.push("• chưa có");
  for (const [channel, c] of perChannel) lines.push(`• ${channel}: ${c.active} đang nhận, ${c.inactive} đã ngừng`);
  lines.push(`Tin đã gửi: ${outbox.sent}; lỗi: ${outbox.failed}; đang chờ: ${outbox.pending + outbox.sending}; bỏ qua: ${outbox.skipped}; gửi lại sau sự cố: ${outbox.resumed}`);
  for (const [channel, until] of Object.entries(outbox.paused)) lines.push(`⏸ ${channel} tạm dừng đến ${until} (giới hạn tốc độ)`);
  lines.push("Nguồn tin:");
  if (sources.length === 0) lines.push("• chưa cấu hình (NEWS_SOURCES)");
  for (const s of sources) {
    const health =
      s.consecutiveFailures > 0
        ? `⚠️ lỗi ${s.consecutiveFailures} lần liên tiếp: ${s.lastError ?? ""}`
        : s.lastOkAt
          ? `✅ tốt, lần cuối ${formatDay(s.lastOkAt)}, ${s.lastItemCount ?? 0} mục`
          : "chưa lấy lần nào";
    lines.push(`• ${s.name ?? s.url}: ${health}`);
  }
  return { intent: "staff_stats", text: lines.join("\n") };
}

/** "/guitin <text>" shows a preview; "/guitin xacnhan" sends it; "/guitin huy" drops it. */
export async function answerAnnounce(db: Db, request: BotRequest, onQueued: () => void): Promise<BotReply> {
  const args = request.text.replace(/^\/\S+\s*/, "").trim();
  const { channel, userId } = request;
  if (fold(args) === "xacnhan") {
    const queued = await confirmAnnouncement(db, channel, userId);
    if (queued === null) return { intent: "announce", text: "Không có thông báo nào đang chờ xác nhận. Gõ /guitin kèm nội dung để soạn." };
    onQueued();
    return { intent: "announce", text: `✅ Đã xếp hàng gửi thông báo tới ${queued} người đăng ký. Theo dõi bằng /thongke.` };
  }
  if (fold(args) === "huy") {
    return { intent: "announce", text: (await dropAnnouncement(db, channel, userId)) ? "Đã hủy thông báo đang soạn." : "Không có thông báo nào đang chờ." };
  }
  if (!args) return { intent: "announce", text: "Cách dùng: /guitin <nội dung thông báo>. Tôi sẽ cho xem trước và hỏi xác nhận trước khi gửi." };
  if (args.length > MAX_ANNOUNCEMENT) return { intent: "announce", text: `Thông báo dài quá (${args.length} ký tự, tối đa ${MAX_ANNOUNCEMENT}).` };
  await holdAnnouncement(db, channel, userId, args);
  const count = await activeSubscriberCount(db);
  return {
    intent: "announce",
    text: `Xem trước thông báo:\n\n${args}\n\nGửi tới ${count} người đăng ký? Gõ /guitin xacnhan để gửi, /guitin huy để hủy.`,
    buttons: [
      { label: "✅ Gửi", text: "/guitin xacnhan" },
      { label: "❌ Hủy", text: "/guitin huy" },
    ],
  };
}
