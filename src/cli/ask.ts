// `npm run ask -- "câu hỏi"` prints the reply. With questions on standard input (not a terminal),
// prints one JSON object per line: {"question", "intent", "reply"}. Logs go to stderr only.
import { configFromEnvironment } from "../env.ts";
import { createInterface } from "node:readline";
import { createLogger } from "../services/logger.ts";
import { openDb } from "../services/db.ts";
import { createCore, prepareDatabase } from "../app/core.ts";

// `npm run ask ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => process.exit(err.code === "EPIPE" ? 0 : 1));
const config = configFromEnvironment();
const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: config.secrets, fd: 2 });
const db = openDb(config.databaseUrl);
await prepareDatabase(db, { databaseUrl: config.databaseUrl, directoryFile: config.directoryFile, seedReports: config.seedReports, logger });
const { answer } = await createCore(db);
const ask = (text: string) => answer({ channel: "cli", userId: "cli", chatId: "cli", text });

const question = process.argv.slice(2).join(" ");
if (question.trim()) {
  const reply = await ask(question);
  process.stdout.write(`${reply.text}\n`);
  if (reply.buttons?.length) process.stdout.write(`\n[${reply.buttons.map((b) => b.label).join("] [")}]\n`);
} else if (!process.stdin.isTTY) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const reply = await ask(line);
    process.stdout.write(`${JSON.stringify({ question: line, intent: reply.intent, reply: reply.text })}\n`);
  }
} else {
  process.stderr.write('Cách dùng: npm run ask -- "số điện thoại sở công thương"\n');
  process.exitCode = 2;
}
await db.$disconnect();
