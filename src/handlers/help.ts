import type { Directory } from "../services/contacts/directory.ts";
import type { BotReply, QuickReply } from "./types.ts";

/** What the bot can do, as the introduction and the fallback list it. Grows with each feature. */
export interface Capabilities {
  figures: boolean;
  alerts: boolean;
}

function quickReplies(caps: Capabilities): QuickReply[] {
  const buttons: QuickReply[] = [
    { label: "📞 Số điện thoại", text: "Số điện thoại của Sở" },
    { label: "✉️ Email", text: "Email của Sở" },
    { label: "🏢 Đơn vị trực thuộc", text: "Các đơn vị trực thuộc" },
  ];
  if (caps.figures) buttons.push({ label: "📊 Kim ngạch xuất khẩu", text: "Kim ngạch xuất khẩu bao nhiêu?" });
  if (caps.alerts) buttons.push({ label: "🔔 Đăng ký nhận tin", text: "/dangky" });
  return buttons;
}

function abilities(caps: Capabilities): string {
  const lines = ["• số điện thoại, email, thông tin liên hệ của Sở và các đơn vị trực thuộc;"];
  if (caps.figures) lines.push("• số liệu trong các báo cáo của Sở, kèm nguồn (ví dụ: “kim ngạch xuất khẩu bao nhiêu?”);");
  if (caps.alerts) lines.push("• gửi báo cáo, tin mới của Sở khi bạn đăng ký nhận tin (/dangky; ngừng nhận: /huy).");
  return lines.join("\n");
}

export function answerHelp(directory: Directory, caps: Capabilities, greeting: boolean): BotReply {
  const hello = greeting ? "Xin chào! " : "";
  return {
    intent: greeting ? "greeting" : "help",
    text:
      `${hello}Tôi là trợ lý tự động (bot) của ${directory.root.name}, không phải cán bộ trực. Tôi có thể trả lời:\n` +
      `${abilities(caps)}\n\nBạn cứ nhắn câu hỏi bằng tiếng Việt, có dấu hay không dấu đều được, hoặc chọn bên dưới.`,
    buttons: quickReplies(caps),
  };
}

/** For photos, stickers, voice and anything else that is not text, on every channel. */
export const NON_TEXT_REPLY = "Xin lỗi, tôi là trợ lý tự động và hiện chỉ đọc được tin nhắn dạng chữ. Bạn hãy gõ câu hỏi, ví dụ: “số điện thoại Sở Công Thương”.";

export function answerThanks(): BotReply {
  return { intent: "thanks", text: "Không có chi ạ! Bạn cần gì thêm cứ nhắn cho tôi nhé." };
}

export function answerEmpty(caps: Capabilities): BotReply {
  return { intent: "empty", text: "Bạn chưa nhập nội dung câu hỏi. Bạn có thể hỏi tôi:\n" + abilities(caps), buttons: quickReplies(caps) };
}

export function answerTooLong(limit: number): BotReply {
  return { intent: "too_long", text: `Tin nhắn dài quá (hơn ${limit} ký tự). Bạn vui lòng hỏi ngắn gọn trong một câu nhé.` };
}

/** For anything outside what the bot knows: say so, and what it can answer. Never a guess. */
export function answerOutOfScope(caps: Capabilities): BotReply {
  return {
    intent: "out_of_scope",
    text: `Xin lỗi, câu này nằm ngoài những gì tôi trả lời được. Tôi có thể giúp bạn về:\n${abilities(caps)}`,
    buttons: quickReplies(caps),
  };
}
