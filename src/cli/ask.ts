// `npm run ask -- "câu hỏi"` prints the reply. With questions on standard input (not a terminal),
// prints one JSON object per line: {"question", "intent", "reply"}. Logs go to stderr only.
// A reply with a chart says so after its text; `--chart-png file.png` also writes the chart there.
import { configFromEnvironment } from "../env.ts";
import { createInterface } from "node:readline";
import { createLogger } from "../services/logger.ts";
import { openDb } from "../services/db.ts";
import { createCore, prepareDatabase } from "../app/core.ts";
import { writeFile } from "node:fs/promises";

// `npm run ask ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => process.exit(err.code === "EPIPE" ? 0 : 1));
const config = configFromEnvironment();
const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: config.secrets, fd: 2 });
const db = openDb(config.databaseUrl);
await prepareDatabase(db, { databaseUrl: config.databaseUrl, directoryFile: config.directoryFile, seedReports: config.seedReports, logger });
const { answer } = await createCore(db);
const ask = (text: string) => answer({ channel: "cli", userId: "cli", chatId: "cli", text });

const args = process.argv.slice(2);
const flag = args.findIndex((a) => a === "--chart-png" || a.startsWith("--chart-png="));
const chartFile = flag < 0 ? undefined : args[flag]!.includes("=") ? args[flag]!.slice("--chart-png=".length) : args[flag + 1];
if (flag >= 0) args.splice(flag, args[flag]!.includes("=") ? 1 : 2);
const question = args.join(" ");
if (question.trim()) {
  const reply = await ask(question);
  process.stdout.write(`${reply.text}\n`);
  if (reply.buttons?.length) process.stdout.write(`\n[${reply.buttons.map((b) => b.label).join("] [")}]\n`);
  if (reply.chart) {
    process.stdout.write(`\n[Kèm biểu đồ: ${reply.chart.caption}]\n`);
    if (chartFile) {
      // The renderer (and its font) load only here, for a chart that is asked to be written.
      const { createChartRenderer } = await import("../handlers/chart-render.ts");
      const png = await createChartRenderer(db).png(reply.chart);
      if (png) await writeFile(chartFile, png);
      process.stdout.write(png ? `[Đã ghi biểu đồ vào ${chartFile}]\n` : "[Không còn đủ số liệu để vẽ biểu đồ]\n");
    }
  }
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
