import type { AnswerFn } from "../../src/handlers/types.ts";
import type { Db } from "../../src/services/db.ts";
import { createInbox, type InboxOptions } from "../../src/services/inbox/inbox.ts";
import type { Logger } from "../../src/services/logger.ts";
import { silentLogger } from "./temp-db.ts";

/**
 * The inbox as the service builds it, with a short retry interval so a test waiting for a retried
 * reply waits a fraction of a second, and no inbound limit unless a test sets one.
 */
export function testInbox(db: Db, answer: AnswerFn, options: Partial<InboxOptions> & { logger?: Logger } = {}) {
  const inbox = createInbox({ db, answer, logger: silentLogger, retryEveryMs: 100, perMinute: 0, ...options });
  void inbox.start();
  return inbox;
}
