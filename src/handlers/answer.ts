import type { Directory } from "../services/contacts/directory.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { answerAll, answerEmail, answerPhone, answerUnitList } from "./contacts.ts";
import { answerEmpty, answerHelp, answerOutOfScope, answerThanks, answerTooLong, type Capabilities } from "./help.ts";
import type { AnswerFn, BotReply, BotRequest } from "./types.ts";

/** Longest question the bot reads; longer ones are refused politely instead of analysed. */
export const MAX_QUESTION_LENGTH = 1000;

/** Answers questions about figures in the stored reports. */
export interface FigureAnswerer {
  /** Whether the text clearly names an indicator, whatever the classifier thought. */
  recognizes(text: string): boolean;
  /** Null means "not a figure question after all". */
  answer(understanding: Understanding, request: BotRequest): Promise<BotReply | null>;
}

// The classifier may pick any intent for a figure question it has not seen ("diện tích đã cho
// thuê"). Intents settled by keywords or commands (confidence 1), and small talk, stay as they are.
const NEVER_FIGURES = new Set(["greeting", "thanks", "empty"]);

export interface CoreDeps {
  understand: (text: string) => Understanding;
  directory: Directory;
  figures?: FigureAnswerer;
  /** Handles a message holding a link (staff add reports that way); null when there is none. */
  ingestLink?: (request: BotRequest) => Promise<BotReply | null>;
}

/** The channel-neutral core: one request in, one reply out. Every adapter calls this. */
export function createAnswer({ understand, directory, figures, ingestLink }: CoreDeps): AnswerFn {
  const caps: Capabilities = { figures: Boolean(figures) };
  return async function answer(request: BotRequest): Promise<BotReply> {
    const text = request.text ?? "";
    if (text.length > MAX_QUESTION_LENGTH) return answerTooLong(MAX_QUESTION_LENGTH);
    const linkReply = ingestLink ? await ingestLink(request) : null;
    if (linkReply) return linkReply;
    const u = understand(text);
    if (figures && u.intent !== "figure" && u.confidence < 1 && !NEVER_FIGURES.has(u.intent) && !u.aboutUnit && figures.recognizes(text)) {
      u.intent = "figure";
    }
    switch (u.intent) {
      case "empty":
        return answerEmpty(caps);
      case "greeting":
        return answerHelp(directory, caps, true);
      case "help":
        return answerHelp(directory, caps, false);
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
      default: {
        const reply = figures && u.intent === "figure" ? await figures.answer(u, request) : null;
        return reply ?? answerOutOfScope(caps);
      }
    }
  };
}
