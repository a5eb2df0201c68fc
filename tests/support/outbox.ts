// Shared set-up for the alert tests and the alert benchmark: outbox seeding, a fake clock, and a
// counting stand-in for the Zalo API that can hold an answer (to kill a sender mid-send).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Db } from "../../src/services/db.ts";

export interface SeedSubscriber {
  channel: "telegram" | "zalo";
  chatId: string;
  mode?: "instant" | "digest";
}

export interface SeedItem {
  title: string;
  url?: string;
  summary?: string;
  publishedAt?: Date;
}

/** Empties the alert tables (the temp database is shared by the tests of one file). */
export async function clearOutbox(db: Db): Promise<void> {
  await db.delivery.deleteMany();
  await db.subscriber.deleteMany();
  await db.newsItem.deleteMany();
  await db.newsSource.deleteMany();
  await db.channelPause.deleteMany();
}

/** Subscribers, one source, items, and one pending Delivery per (subscriber, item), due at once. */
export async function seedOutbox(db: Db, subscribers: SeedSubscriber[], items: SeedItem[], notBefore = new Date(Date.now() - 60_000)) {
  const source = await db.newsSource.create({ data: { url: `https://sct.example.gov.vn/tin-tuc/${Math.random()}`, kind: "html", name: "Sở Công Thương" } });
  const itemRows = [];
  for (const [i, it] of items.entries()) {
    itemRows.push(
      await db.newsItem.create({
        data: {
          sourceId: source.id,
          key: `k${i}-${Math.random()}`,
          title: it.title,
          url: it.url ?? `https://sct.example.gov.vn/tin/${i + 1}`,
          summary: it.summary ?? null,
          publishedAt: it.publishedAt ?? new Date("2025-03-04T20:00:00Z"),
        },
      }),
    );
  }
  const before = (await db.subscriber.aggregate({ _max: { id: true } }))._max.id ?? 0;
  await db.subscriber.createMany({ data: subscribers.map((s) => ({ channel: s.channel, chatId: s.chatId, mode: s.mode ?? "instant" })) });
  const subs = await db.subscriber.findMany({ where: { id: { gt: before } }, orderBy: { id: "asc" } });
  // Item-major order, like a crawler queuing one item for everybody, then the next.
  const data = itemRows.flatMap((item) => subs.map((s) => ({ subscriberId: s.id, itemId: item.id, notBefore })));
  for (let i = 0; i < data.length; i += 5000) await db.delivery.createMany({ data: data.slice(i, i + 5000) });
  return { source, items: itemRows, subscribers: subs };
}

/** Time that only moves when the sender sleeps or the test advances it. */
export function fakeClock(start = Date.now()) {
  let t = start;
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
    advance(ms: number) {
      t += ms;
    },
    get ms() {
      return t;
    },
  };
}

export interface CountingZalo {
  apiRoot: string;
  /** chat_id of every sendMessage that reached the server, in arrival order (held ones too). */
  chatIds: string[];
  /** Arrival time (performance.now(), ms) of each entry of chatIds. */
  times: number[];
  /** Called on arrival; return false to hold the answer forever (until close). */
  onMessage?: (n: number, chatId: string, res: ServerResponse) => boolean | undefined;
  /** Resolves when the connection of a held request is closed (its client died). */
  heldClosed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Answers sendMessage like the Zalo Bot API, as cheaply as possible (for 10,000-message runs).
 * `latencyMs` delays every answer, like a platform that far away (arrival is still recorded at once).
 */
export async function startCountingZalo({ latencyMs = 0 }: { latencyMs?: number } = {}): Promise<CountingZalo> {
  const held: ServerResponse[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  const heldWaiters: (() => void)[] = [];
  let nextId = 1;
  const state: CountingZalo = {
    apiRoot: "",
    chatIds: [],
    times: [],
    heldClosed: () =>
      new Promise<void>((resolve) => {
        if (held.some((r) => r.socket === null || r.socket.destroyed)) resolve();
        else heldWaiters.push(resolve);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of delayed) clearTimeout(timer);
        for (const r of held) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { chat_id?: string; text?: string };
      if (!req.url?.endsWith("/sendMessage") || typeof body.chat_id !== "string" || !body.text) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 400, description: "Bad Request" }));
        return;
      }
      const n = state.chatIds.push(body.chat_id);
      state.times.push(performance.now());
      if (state.onMessage?.(n, body.chat_id, res) === false) {
        held.push(res);
        res.on("close", () => {
          for (const w of heldWaiters.splice(0)) w();
        });
        return;
      }
      const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: { message_id: `m${nextId++}`, date: Date.now() } }));
      if (latencyMs <= 0) {
        answer();
        return;
      }
      const timer = setTimeout(() => (delayed.delete(timer), answer()), latencyMs);
      delayed.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** How many times each chat id occurs. */
export function tally(chatIds: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of chatIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export interface Worker {
  child: ChildProcess;
  /** Resolves when the worker exits, however it exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** SIGKILL to the worker's whole process group (npx, tsx and node). */
  kill(): void;
}

const WORKER = fileURLToPath(new URL("./outbox-crash-worker.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Starts `outbox-crash-worker.ts` with `npx tsx`, in its own process group: killing npx alone would leave
 * the node process that does the work running.
 */
export function spawnWorker(databaseUrl: string, apiRoot: string, flags: string[] = []): Worker {
  const child = spawn("npx", ["tsx", WORKER, databaseUrl, apiRoot, ...flags], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    kill() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    },
  };
}

/** The worker's final JSON line. */
export function workerReport(stdout: string): { recovered: number; stats: { sent: number; pending: number; sending: number; failed: number; resumed: number } } {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line);
}
