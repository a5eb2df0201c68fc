import type { Db } from "../services/db.ts";
import { KeywordError } from "../services/news/filters.ts";
import {
  availableTopics,
  changeSettings,
  getSettings,
  latestItems,
  latestReports,
  subscribe,
  unsubscribe,
  type ChatRef,
  type SettingsChange,
  type SubscriberSettings,
} from "../services/subscriptions.ts";
import { fold } from "../services/text/fold.ts";
import { formatDay } from "./figure-text.ts";
import type { BotReply, BotRequest } from "./types.ts";

const chatOf = (r: BotRequest): ChatRef => ({ channel: r.channel, chatId: r.chatId, userId: r.userId });
const HOW_TO_STOP = "Muốn ngừng nhận, gõ /huy.";
const SETTINGS_HELP = [
  "Đổi cài đặt bằng các lệnh:",
  "• /caidat tucthi — nhận tin ngay khi có",
  "• /caidat tomtat 7 — một bản tóm tắt mỗi ngày lúc 7 giờ (0–23)",
  "• /caidat chude Tên chủ đề — chỉ nhận chủ đề đó (/caidat chude tatca để nhận mọi chủ đề)",
  "• /caidat tukhoa điện, xuất khẩu, !xăng — lọc theo từ khóa; “!” để loại trừ (/caidat tukhoa xoa để bỏ lọc)",
].join("\n");

function describe(s: SubscriberSettings): string {
  const mode = s.mode === "digest" ? `tóm tắt mỗi ngày lúc ${s.digestHour} giờ` : "nhận ngay khi có tin";
  const topics = s.topics.length ? s.topics.join(", ") : "tất cả";
  const keywords = s.keywords.length ? s.keywords.join(", ") : "không lọc";
  return `Cách nhận: ${mode}\nChủ đề: ${topics}\nTừ khóa: ${keywords}`;
}

// The web chat keeps no user and cannot push anything: subscribing happens on Telegram or Zalo.
const WEB_NO_ALERTS =
  "Trang hỏi đáp trên web chỉ trả lời câu hỏi, không gửi tin đến bạn được. Muốn nhận báo cáo và tin mới của Sở, bạn nhắn /dangky cho bot của Sở trên Telegram hoặc Zalo.";

export async function answerSubscribe(db: Db, request: BotRequest): Promise<BotReply> {
  if (request.channel === "web") return { intent: "subscribe", text: WEB_NO_ALERTS };
  if (request.channel === "cli") return { intent: "subscribe", text: "Đăng ký nhận tin dùng được trên Telegram và Zalo; dòng lệnh không nhận được tin gửi đến." };
  // Official Account pushes are quota-bound and paid, and have no alert transport here.
  if (request.channel === "zalo-oa") return { intent: "subscribe", text: "Đăng ký nhận tin hiện dùng được trên Telegram và Zalo Bot của Sở; Zalo OA chưa gửi tin tự động." };
  const status = await subscribe(db, chatOf(request));
  const head = status === "already" ? "Bạn đã đăng ký nhận tin rồi." : "✅ Đã đăng ký nhận tin! Từ bây giờ, khi Sở đăng báo cáo hay tin mới, tôi sẽ gửi cho bạn.";
  return {
    intent: "subscribe",
    text: `${head}\n${HOW_TO_STOP} Cài đặt chủ đề, từ khóa hay giờ nhận tóm tắt: /caidat.`,
    buttons: [
      { label: "📰 Xem 5 tin mới nhất", text: "/tinmoi" },
      { label: "⚙️ Cài đặt", text: "/caidat" },
    ],
  };
}

export async function answerUnsubscribe(db: Db, request: BotRequest): Promise<BotReply> {
  if (request.channel === "web") return { intent: "unsubscribe", text: WEB_NO_ALERTS };
  const stopped = await unsubscribe(db, chatOf(request));
  return {
    intent: "unsubscribe",
    text: stopped ? "Đã hủy đăng ký. Tôi sẽ không gửi tin cho bạn nữa. Muốn nhận lại, gõ /dangky." : "Bạn chưa đăng ký nhận tin nên không có gì để hủy. Muốn nhận tin, gõ /dangky.",
  };
}

/** Reads "/caidat tomtat 8", "/caidat chude Thương mại", ... (folded, so diacritics are optional). */
async function parseChange(db: Db, args: string): Promise<SettingsChange | string | null> {
  const [word = "", ...rest] = args.trim().split(/\s+/);
  const value = rest.join(" ");
  switch (fold(word)) {
    case "":
      return null;
    case "tucthi":
    case "ngay":
      return { kind: "instant" };
    case "tomtat":
    case "hangngay": {
      const hour = value ? Number(value.replace(/\D+$/, "")) : 7;
      return Number.isInteger(hour) && hour >= 0 && hour <= 23 ? { kind: "digest", hour } : "Giờ nhận tóm tắt phải là một số từ 0 đến 23, ví dụ: /caidat tomtat 7.";
    }
    case "chude": {
      if (!value || fold(value) === "tatca") return { kind: "topics", topics: [] };
      const known = await availableTopics(db);
      const wanted = value
        .split(/[,;]+/)
        .map((t) => t.trim())
        .filter(Boolean);
      const picked = wanted.map((w) => known.find((k) => fold(k) === fold(w)));
      if (picked.some((p) => !p)) return `Không có chủ đề đó. Các chủ đề hiện có: ${known.join(", ") || "(chưa có nguồn tin nào có chủ đề)"}.`;
      return { kind: "topics", topics: picked as string[] };
    }
    case "tukhoa":
      return { kind: "keywords", text: fold(value) === "xoa" ? "" : value };
    default:
      return `Tôi chưa hiểu “${word}”.\n${SETTINGS_HELP}`;
  }
}

export async function answerSettings(db: Db, request: BotRequest): Promise<BotReply> {
  if (request.channel === "web") return { intent: "settings", text: WEB_NO_ALERTS };
  const chat = chatOf(request);
  const current = await getSettings(db, chat);
  if (!current?.active)
    return {
      intent: "settings",
      text: "Bạn chưa đăng ký nhận tin. Gõ /dangky để đăng ký, rồi /caidat để chọn cách nhận.",
      buttons: [{ label: "🔔 Đăng ký nhận tin", text: "/dangky" }],
    };
  const change = await parseChange(db, request.text.replace(/^\/\S+/, ""));
  if (typeof change === "string") return { intent: "settings", text: change };
  if (!change) {
    return {
      intent: "settings",
      text: `Cài đặt nhận tin của bạn:\n${describe(current)}\n\n${SETTINGS_HELP}`,
      buttons: [
        { label: "⚡ Nhận ngay", text: "/caidat tucthi" },
        { label: "🗞 Tóm tắt 7 giờ sáng", text: "/caidat tomtat 7" },
      ],
    };
  }
  try {
    return { intent: "settings", text: `Đã lưu. ${describe(await changeSettings(db, chat, change))}` };
  } catch (err) {
    if (err instanceof KeywordError) return { intent: "settings", text: err.message };
    throw err;
  }
}

const listed = (rows: { title: string; url: string | null; publishedAt: Date | null }[]) =>
  rows.map((i, n) => `${n + 1}. ${i.title}${i.publishedAt ? ` (${formatDay(i.publishedAt)})` : ""}${i.url && /^https?:/.test(i.url) ? `\n   ${i.url}` : ""}`).join("\n");

export async function answerLatest(db: Db): Promise<BotReply> {
  const items = await latestItems(db, 5);
  if (items.length > 0) return { intent: "latest_news", text: `📰 ${items.length} tin mới nhất:\n${listed(items)}` };
  // No source crawled yet: the reports on record are the newest there is.
  const reports = await latestReports(db, 5);
  if (reports.length === 0) return { intent: "latest_news", text: "Chưa có tin hay báo cáo nào. Khi có tin mới, người đăng ký (/dangky) sẽ được gửi ngay." };
  return { intent: "latest_news", text: `📄 Báo cáo mới nhất đã lưu:\n${listed(reports)}\n\nĐăng ký nhận tin mới: /dangky` };
}
