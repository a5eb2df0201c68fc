import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { questionForms } from "./group-key.ts";

// The questions the bot could not answer, kept for the console's "Câu hỏi chưa trả lời" page. Only
// the text, its channel and time: never who asked or in which chat. Writing is fire-and-forget: the
// reply never waits for it, and a failed write is logged, not thrown.

export type UnansweredReason = "out_of_scope" | "no_figure";

/** A stored question is cut to this many characters: enough to read, too little to hold a document. */
export const MAX_STORED_QUESTION = 500;

/** Which replies mean "not answered": the reason stored for each reply intent. */
export const UNANSWERED_INTENTS: ReadonlyMap<string, UnansweredReason> = new Map([
  ["out_of_scope", "out_of_scope"],
  // A figure question for which the stored reports have no figure (handlers/figures.ts).
  ["figure_none", "no_figure"],
]);

export interface QuestionLog {
  /** Starts storing the question; returns at once. */
  record(question: { text: string; channel: string; reason: UnansweredReason }): void;
  /** Resolves when every write started so far has ended (tests, shutdown). */
  flush(): Promise<void>;
}

export function createQuestionLog(db: Db, { logger, now = () => new Date() }: { logger: Logger; now?: () => Date }): QuestionLog {
  const pending = new Set<Promise<void>>();
  return {
    record({ text, channel, reason }) {
      const trimmed = text.normalize("NFC").replace(/\s+/g, " ").trim();
      if (!trimmed) return;
      const stored = trimmed.length > MAX_STORED_QUESTION ? `${trimmed.slice(0, MAX_STORED_QUESTION - 1)}…` : trimmed;
      const write = (async () => {
        const forms = questionForms(stored);
        await db.unansweredQuestion.create({ data: { text: stored, ...forms, channel, reason, askedAt: now() } });
      })()
        .catch((err: unknown) => logger.error({ event: "question_record_failed", channel, reason, err }, "an unanswered question could not be stored"))
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
