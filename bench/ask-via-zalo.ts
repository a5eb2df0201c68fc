// The `ask` contract, but every question travels the Zalo route: a signed webhook POST into the
// real Express app, the real core, and the reply read back from a local Zalo API stand-in.
//   node ../shared/devset/score.mjs --cmd "npx tsx bench/ask-via-zalo.ts"
import { createInterface } from "node:readline";
import type { AddressInfo } from "node:net";
import { createCore } from "../src/app/core.ts";
import { createZaloClient } from "../src/bot/zalo/client.ts";
import { createZaloWebhook } from "../src/bot/zalo/webhook.ts";
import { closeServer, createApp, listen } from "../src/server.ts";
import { startFakeZalo } from "../tests/support/fake-zalo.ts";
import { createTempDb, silentLogger } from "../tests/support/temp-db.ts";
import { testInbox } from "../tests/support/inbox.ts";

const secret = "bench-zalo-secret";
const token = "4242:bench-token";
const temp = await createTempDb();
const core = await createCore(temp.db);
const fake = await startFakeZalo({ token });
const client = createZaloClient({ apiRoot: fake.apiRoot, token, logger: silentLogger });
const webhook = createZaloWebhook({ inbox: testInbox(temp.db, core.answer), client, secret, logger: silentLogger });
const server = await listen(createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/zalo", router: webhook }], health: () => ({}) }), 0, "127.0.0.1");
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;

let n = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  n += 1;
  const chatId = `bench-chat-${n}`;
  const message = {
    message_id: `bench-${n}`,
    date: Date.now(),
    chat: { id: chatId, chat_type: "PRIVATE" },
    from: { id: chatId, display_name: "Bench", is_bot: false },
    text: line,
  };
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": secret },
    body: JSON.stringify({ ok: true, result: { event_name: "message.text.received", message } }),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  await webhook.drain();
  const reply = fake.sent
    .filter((m) => m.chat_id === chatId)
    .map((m) => m.text)
    .join("\n");
  process.stdout.write(`${JSON.stringify({ question: line, intent: "via-zalo", reply })}\n`);
}
await closeServer(server);
await fake.close();
await temp.cleanup();
