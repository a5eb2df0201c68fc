import type { Directory } from "../services/contacts/directory.ts";
import type { Db } from "../services/db.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { reactivateIfBlocked } from "../services/subscriptions.ts";
import { answerAll, answerEmail, answerPhone, answerProcedure, answerUnitList } from "./contacts.ts";
import { answerEmpty, answerHelp, answerOutOfScope, answerThanks, answerTooLong, NON_TEXT_REPLY, type Capabilities } from "./help.ts";
import { answerConsoleLogin, type ConsoleLoginDeps } from "./console-login.ts";
import { answerAnnounce, answerStats, isStaff, NOT_STAFF } from "./staff.ts";
import { answerLatest, answerSettings, answerSubscribe, answerUnsubscribe } from "./subscriptions.ts";
import type { AnswerFn, BotReply, BotRequest } from "./types.ts";

/** Longest question the bot reads; longer ones are refused politely instead of analysed. */
export const MAX_QUESTION_LENGTH = 1000;

/** Answers questions about figures in the stored reports. */
export interface FigureAnswerer {
  /** Whether a message understood otherwise names an indicator clearly enough to be about figures. */
  claims(understanding: Understanding, text: string): Promise<boolean>;
  /** Null means "not a figure question after all". */
  answer(understanding: Understanding, request: BotRequest): Promise<BotReply | null>;
}

/** News alerts: subscriptions live in the database; `onQueued` wakes the sender. */
export interface AlertDeps {
  db: Db;
  staffIds: ReadonlySet<string>;
  onQueued: () => void;
}

// The classifier may pick any intent for a figure question it has not seen ("diện tích đã cho
// thuê"); the figures may claim those. Small talk stays as it is.
const NEVER_FIGURES = new Set(["greeting", "thanks", "empty"]);

// A group's subscription belongs to the group: only its admins change it. A platform that cannot
// say who administers a group (Zalo) gets no group subscriptions.
const CHANGES_GROUP_SUBSCRIPTION = new Set(["subscribe", "unsubscribe", "settings"]);
const GROUP_ADMINS_ONLY: BotReply = { intent: "group_admins_only", text: "Trong nhóm, chỉ quản trị viên của nhóm mới đăng ký, hủy hay đổi cài đặt nhận tin được." };

export interface CoreDeps {
  understand: (text: string) => Understanding;
  directory: Directory;
  figures?: FigureAnswerer;
  /** Handles a message holding a link (staff add reports that way); null when there is none. */
  ingestLink?: (request: BotRequest) => Promise<BotReply | null>;
  /** Handles a message holding a file (staff add reports that way too); null when there is none. */
  ingestFile?: (request: BotRequest) => Promise<BotReply | null>;
  alerts?: AlertDeps;
  /** The staff console's sign-in links (/quantri); without it, /quantri is refused like any staff command. */
  consoleLogin?: ConsoleLoginDeps;
}

/** The channel-neutral core: one request in, one reply out. Every adapter calls this. */
export function createAnswer({ understand, directory, figures, ingestLink, ingestFile, alerts, consoleLogin }: CoreDeps): AnswerFn {
  const caps: Capabilities = { figures: Boolean(figures), alerts: Boolean(alerts) };

  async function alertReply(intent: string, request: BotRequest, a: AlertDeps): Promise<BotReply | null> {
    if (CHANGES_GROUP_SUBSCRIPTION.has(intent) && request.chatType === "group" && !(await request.isChatAdmin?.())) return GROUP_ADMINS_ONLY;
    switch (intent) {
      case "subscribe":
        return answerSubscribe(a.db, request);
      case "unsubscribe":
        return answerUnsubscribe(a.db, request);
      case "settings":
        return answerSettings(a.db, request);
      case "latest_news":
        return answerLatest(a.db);
      case "staff_stats":
        return isStaff(a.staffIds, request) ? answerStats(a.db) : NOT_STAFF;
      case "announce":
        return isStaff(a.staffIds, request) ? answerAnnounce(a.db, request, a.onQueued) : NOT_STAFF;
      default:
        return null;
    }
  }

  return async function answer(request: BotRequest): Promise<BotReply> {
    // A file is a file even with a caption: the caption is not read as a question.
    if (request.file) return (ingestFile ? await ingestFile(request) : null) ?? { intent: "file_unsupported", text: NON_TEXT_REPLY };
    const text = request.text ?? "";
    if (text.length > MAX_QUESTION_LENGTH) return answerTooLong(MAX_QUESTION_LENGTH);
    const linkReply = ingestLink ? await ingestLink(request) : null;
    if (linkReply) return linkReply;
    const u = understand(text);
    if (figures && u.intent !== "figure" && !NEVER_FIGURES.has(u.intent) && !u.aboutUnit && (await figures.claims(u, text))) {
      u.intent = "figure";
    }
    const alertAnswer = alerts ? await alertReply(u.intent, request, alerts) : null;
    if (alertAnswer) return alertAnswer;
    // Alerts go to chat platforms only: the web chat's help does not offer them.
    const here = request.channel === "web" ? { ...caps, alerts: false } : caps;
    switch (u.intent) {
      case "empty":
        return answerEmpty(here);
      case "greeting":
        return answerHelp(directory, here, true);
      case "help":
        // A user who had blocked the bot and comes back with /start gets their alerts back.
        if (alerts && /^\/start\b/i.test(text.trim())) await reactivateIfBlocked(alerts.db, request);
        return answerHelp(directory, here, false);
      case "thanks":
        return answerThanks();
      case "contact_phone":
        return answerPhone(directory, u);
      case "contact_email":
        return answerEmail(directory, u);
      case "contact_all":
        return answerAll(directory, u);
      case "unit_list":
        return answerUnitList(directory);
      case "procedure":
        return answerProcedure(directory);
      case "console_login":
        return consoleLogin ? answerConsoleLogin(consoleLogin, request) : NOT_STAFF;
      default: {
        const reply = figures && u.intent === "figure" ? await figures.answer(u, request) : null;
        return reply ?? answerOutOfScope(here);
      }
    }
  };
}
