import type { AnswerFn } from "../handlers/types.ts";
import { type QuestionLog, UNANSWERED_INTENTS } from "../services/questions/record.ts";

/**
 * The answers, with every question they could not answer stored for staff. One place for every
 * channel; not `cli` (`npm run ask`, the developers' own questions and question sets). The reply is
 * returned as it is, whatever happens to the write.
 */
export function recordingUnanswered(answer: AnswerFn, log: QuestionLog): AnswerFn {
  return async (request) => {
    const reply = await answer(request);
    const reason = UNANSWERED_INTENTS.get(reply.intent);
    if (reason && request.channel !== "cli" && !request.file) log.record({ text: request.text, channel: request.channel, reason });
    return reply;
  };
}
