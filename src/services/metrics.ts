import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "./db.ts";

// What operators scrape at /metrics (Prometheus text format). Counters and the latency histogram
// are fed as messages are answered; the outbox, inbox and source gauges are read from the database
// at scrape time, so they are right after a restart too.

/** Intents that mean "we had no answer": staff read these to see what users miss. */
const UNANSWERED: Record<string, string> = { out_of_scope: "out_of_scope", figure_none: "no_figure" };

export interface AnsweredEvent {
  channel: string;
  intent: string;
  /** From the message's arrival to the platform accepting the reply. */
  seconds: number;
}

export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const messages = new Counter({ name: "ctbot_messages_total", help: "Messages answered, by channel and intent", labelNames: ["channel", "intent"], registers: [registry] });
  const unanswered = new Counter({
    name: "ctbot_unanswered_total",
    help: "Answers without what was asked: out of scope, or no figure on record",
    labelNames: ["channel", "reason"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "ctbot_reply_seconds",
    help: "Time from a message's arrival to the platform accepting its reply",
    labelNames: ["channel"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 120],
    registers: [registry],
  });
  const replyFailures = new Counter({
    name: "ctbot_reply_failures_total",
    help: "Replies given up (blocked, refused, or unsendable for 24 h)",
    labelNames: ["channel"],
    registers: [registry],
  });
  new Gauge({
    name: "ctbot_outbox_rows",
    help: "Alert deliveries in the outbox, by channel and status (sent and failed included)",
    labelNames: ["channel", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.$queryRawUnsafe<{ channel: string; status: string; n: bigint | number }[]>(
        `SELECT s.channel AS channel, d.status AS status, COUNT(*) AS n FROM Delivery d JOIN Subscriber s ON s.id = d.subscriberId GROUP BY s.channel, d.status`,
      );
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: "ctbot_inbox_waiting",
    help: "Messages received and not answered yet",
    registers: [registry],
    async collect() {
      this.set(await db.inboundMessage.count({ where: { status: "received" } }));
    },
  });
  new Gauge({
    name: "ctbot_news_source_failures",
    help: "Consecutive failures of each news source (0 when healthy)",
    labelNames: ["source"],
    registers: [registry],
    async collect() {
      this.reset();
      const sources = await db.newsSource.findMany({ where: { kind: { not: "announcement" } }, select: { url: true, consecutiveFailures: true } });
      for (const s of sources) this.set({ source: s.url }, s.consecutiveFailures);
    },
  });

  return {
    registry,
    answered({ channel, intent, seconds }: AnsweredEvent): void {
      messages.inc({ channel, intent });
      latency.observe({ channel }, seconds);
      const reason = UNANSWERED[intent];
      if (reason) unanswered.inc({ channel, reason });
    },
    replyFailed(channel: string): void {
      replyFailures.inc({ channel });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
