import path from "node:path";
import type { Response } from "express";
import { Eta } from "eta";
import { PROJECT_ROOT } from "../../project-root.ts";
import { MAX_QUESTION_LENGTH } from "../../handlers/answer.ts";
import type { WebReply } from "./reply-parts.ts";

// The chat page, server-rendered: it works without JavaScript (each question is a form POST that
// renders the page with the answer); assets/chat.js turns the same form into an in-page chat.

export const CHAT_DIR = path.join(PROJECT_ROOT, "src", "web", "chat");
export const ASSETS_DIR = path.join(CHAT_DIR, "assets");
const eta = new Eta({ views: path.join(CHAT_DIR, "views"), autoEscape: true, cache: true });

/** One message in the conversation shown. */
export type ChatMessage = { from: "user"; text: string } | ({ from: "bot" } & WebReply);

export interface ChatPage {
  /** "/chat", or "/prefix/chat" behind a proxy path. */
  base: string;
  /** Compact layout for the widget's frame (?embed=1). */
  embed: boolean;
  chatId: string;
  messages: ChatMessage[];
  /** What was typed, kept in the box when it was not sent (e.g. over the rate limit). */
  draft?: string;
}

/** Questions offered before the first one, as quick replies. */
export const SUGGESTIONS = [
  { label: "Số điện thoại của Sở", text: "Số điện thoại Sở Công Thương" },
  { label: "Email của Sở", text: "Email Sở Công Thương" },
  { label: "Các đơn vị trực thuộc", text: "Các đơn vị trực thuộc Sở" },
  { label: "Kim ngạch xuất khẩu", text: "Kim ngạch xuất khẩu" },
];

export function renderChat(res: Response, status: number, page: ChatPage): void {
  const formAction = page.embed ? `${page.base}?embed=1` : page.base;
  const html = eta.render("./chat", { ...page, formAction, suggestions: SUGGESTIONS, maxLength: MAX_QUESTION_LENGTH });
  // The page holds a conversation id and an answer: no cache keeps either.
  res.status(status).type("html").set("Cache-Control", "no-store").send(html);
}
