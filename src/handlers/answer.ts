import type { Directory } from "../services/contacts/directory.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { answerAll, answerEmail, answerPhone, answerUnitList } from "./contacts.ts";
import { answerEmpty, answerHelp, answerOutOfScope, answerThanks, answerTooLong, type Capabilities } from "./help.ts";
import type { AnswerFn, BotReply, BotRequest } from "./types.ts";

/** Longest question the bot reads; longer ones are refused politely instead of analysed. */
export const MAX_QUESTION_LENGTH = 1000;

/** Answers figure questions; null means "not a figure question after all". */
export type FigureAnswerer = (understanding: Understanding, request: BotRequest) => Promise<BotReply | null>;

export interface CoreDeps {
  understand: (text: string) => Understanding;
  directory: Directory;
  figures?: FigureAnswerer;
}

/** The channel-neutral core: one request in, one reply out. Every adapter calls this. */
export function createAnswer({ understand, directory, figures }: CoreDeps): AnswerFn {
  const caps: Capabilities = { figures: Boolean(figures) };
  return async function answer(request: BotRequest): Promise<BotReply> {
    const text = request.text ?? "";
    if (text.length > MAX_QUESTION_LENGTH) return answerTooLong(MAX_QUESTION_LENGTH);
    const u = understand(text);
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
        const reply = figures ? await figures(u, request) : null;
        return reply ?? answerOutOfScope(caps);
      }
    }
  };
}
