// A sender in its own process, so a test (or the benchmark) can kill it with SIGKILL mid-drain.
//   npx tsx tests/support/outbox-crash-worker.ts <database url> <zalo api root> [--resume] [--rate N] [--window K]
// Drains the Zalo outbox until nothing is due, then prints one JSON line:
//   { "recovered": <rows recoverInterrupted() put back>, "stats": <outboxStats> }
import { createZaloClient } from "../../src/bot/zalo/client.ts";
import { createOutboxSender, DEFAULT_WINDOW } from "../../src/services/alerts/sender.ts";
import { zaloTransport } from "../../src/bot/zalo/alert-transport.ts";
import { openDb } from "../../src/services/db.ts";
import { createLogger } from "../../src/services/logger.ts";

const [databaseUrl, apiRoot, ...flags] = process.argv.slice(2);
if (!databaseUrl || !apiRoot) {
  console.error("usage: outbox-crash-worker.ts <database url> <zalo api root> [--resume] [--rate N] [--window K]");
  process.exit(2);
}
const rateFlag = flags.indexOf("--rate");
const rate = rateFlag >= 0 ? Number(flags[rateFlag + 1]) : null;
const windowFlag = flags.indexOf("--window");
const windowSize = windowFlag >= 0 ? Number(flags[windowFlag + 1]) : DEFAULT_WINDOW;

const logger = createLogger({ level: process.env.WORKER_LOG_LEVEL ?? "silent", secrets: [], fd: 2 });
const db = openDb(databaseUrl);
const client = createZaloClient({ apiRoot, token: "1234567:crash-worker-token", logger, maxRetries: 0 });
const sender = createOutboxSender({ db, transports: { zalo: zaloTransport(client) }, ratePerSecond: { zalo: rate }, window: windowSize, logger });

const recovered = flags.includes("--resume") ? await sender.recoverInterrupted() : 0;
for (;;) {
  const r = await sender.drainOnce({ limit: 500 });
  if (r.messages + r.retried + r.failed + r.skipped === 0) break;
}
process.stdout.write(`${JSON.stringify({ recovered, stats: await sender.stats() })}\n`);
await db.$disconnect();
