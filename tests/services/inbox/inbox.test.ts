import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BotReply, BotRequest } from "../../../src/handlers/types.ts";
import { createInbox, type InboxOptions } from "../../../src/services/inbox/inbox.ts";
import type { ChannelPort, InboundMessage, ReplyPart, SendFailure } from "../../../src/services/inbox/types.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// The inbox against a real SQLite file and a scripted platform: what was sent, what fails.

class PlatformDown extends Error {}
class Blocked extends Error {}

function scriptedPort() {
  const sent: { chatId: string; part: ReplyPart }[] = [];
  const blocked: string[] = [];
  let failures = 0;
  let failOnContact = false;
  let failOnPhoto = false;
  const port: ChannelPort = {
    toRequest: (m: InboundMessage): BotRequest => ({ channel: "telegram", userId: m.userId, chatId: m.chatId, text: m.text }),
    render: (_m, reply: BotReply): ReplyPart[] => [
      ...(reply.chart ? [{ kind: "photo" as const, chart: reply.chart }] : []),
      { kind: "text", text: reply.text },
      ...(reply.contacts ?? []).map((c) => ({ kind: "contact" as const, ...c })),
    ],
    async send(chatId, part) {
      if (failures > 0) {
        failures--;
        throw new PlatformDown("503");
      }
      if (part.kind === "contact" && failOnContact) {
        failOnContact = false;
        throw new PlatformDown("503 on the card");
      }
      if (part.kind === "photo" && failOnPhoto) {
        failOnPhoto = false;
        throw new PlatformDown("502 on the photo");
      }
      if (chatId === "blocked-chat") throw new Blocked("403");
      sent.push({ chatId, part });
    },
    classify: (err): SendFailure => (err instanceof Blocked ? { retry: false, reason: "403 blocked", blocked: true } : { retry: true, reason: String(err) }),
    onBlocked: async (chatId) => void blocked.push(chatId),
  };
  return { port, sent, blocked, failNext: (n: number) => (failures = n), failOnNextContact: () => (failOnContact = true), failOnNextPhoto: () => (failOnPhoto = true) };
}

let temp: TempDb;
const asked: string[] = [];
async function answer(request: BotRequest): Promise<BotReply> {
  asked.push(request.text);
  if (request.text === "số điện thoại") return { intent: "contact_phone", text: "Gọi 0275 3822 365", contacts: [{ phoneNumber: "+842753822365", name: "Sở Công Thương" }] };
  if (request.text === "biểu đồ")
    return { intent: "figure_chart", text: "Số liệu và nguồn", chart: { indicator: "export_turnover", measure: "level", caption: "📈 Kim ngạch xuất khẩu" } };
  if (request.text.startsWith("chậm")) await new Promise((r) => setTimeout(r, 300));
  return { intent: "echo", text: `Trả lời: ${request.text}` };
}
let seq = 0;
const message = (text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({ channel: "telegram", messageId: `m${++seq}`, chatId: "c1", userId: "u1", text, ...over });
const inboxes: { stop(): Promise<void> }[] = [];
function inboxWith(port: ChannelPort, options: Partial<InboxOptions> = {}) {
  const inbox = createInbox({ db: temp.db, answer, logger: silentLogger, retryEveryMs: 20, retryBaseMs: 10, perMinute: 0, ...options });
  inbox.register("telegram", port);
  inboxes.push(inbox);
  return inbox;
}
const until = async (check: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};
const statusOf = async (messageId: string) => (await temp.db.inboundMessage.findUnique({ where: { channel_messageId: { channel: "telegram", messageId } } }))?.status;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
});
afterAll(() => temp.cleanup());

describe("the inbox", () => {
  it("answers a message once, and a redelivery of an answered message not again", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    const m = message("xin chào");
    expect(await inbox.receive(m)).toBe("new");
    await inbox.drain();
    expect(await inbox.receive(m)).toBe("duplicate");
    await inbox.drain();
    expect(p.sent.map((s) => s.part)).toEqual([{ kind: "text", text: "Trả lời: xin chào" }]);
    expect(await statusOf(m.messageId)).toBe("answered");
  });

  it("keeps a reply the platform refused for a while and sends it once the platform is back, without asking the core again", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.start();
    p.failNext(3);
    const m = message("câu hỏi khi mạng chập chờn");
    const before = asked.length;
    await inbox.receive(m);
    await until(async () => (await statusOf(m.messageId)) === "answered");
    expect(p.sent.map((s) => s.part)).toEqual([{ kind: "text", text: "Trả lời: câu hỏi khi mạng chập chờn" }]);
    expect(asked.length - before).toBe(1);
  });

  it("answers a redelivery of a message it has not managed to answer yet, once", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port, { retryEveryMs: 60_000 });
    p.failNext(1);
    const m = message("gửi lại");
    await inbox.receive(m);
    await inbox.drain();
    expect(p.sent).toEqual([]);
    expect(await inbox.receive(m)).toBe("redelivered");
    await inbox.drain();
    expect(await inbox.receive(m)).toBe("duplicate");
    expect(p.sent.map((s) => s.part)).toEqual([{ kind: "text", text: "Trả lời: gửi lại" }]);
  });

  it("continues a reply of several parts where it stopped", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.start();
    p.failOnNextContact();
    const m = message("số điện thoại");
    await inbox.receive(m);
    await until(async () => (await statusOf(m.messageId)) === "answered");
    expect(p.sent.map((s) => s.part.kind)).toEqual(["text", "contact"]);
  });

  it("sends a chart's photo again after a failure, from the stored description, then its text; the core is asked once", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.start();
    p.failOnNextPhoto();
    const m = message("biểu đồ");
    const before = asked.length;
    await inbox.receive(m);
    await until(async () => (await statusOf(m.messageId)) === "answered");
    expect(p.sent.map((s) => s.part)).toEqual([
      { kind: "photo", chart: { indicator: "export_turnover", measure: "level", caption: "📈 Kim ngạch xuất khẩu" } },
      { kind: "text", text: "Số liệu và nguồn" },
    ]);
    expect(asked.length - before).toBe(1);
    const row = await temp.db.inboundMessage.findUnique({ where: { channel_messageId: { channel: "telegram", messageId: m.messageId } } });
    expect(row).toMatchObject({ attempts: 1, intent: "figure_chart" });
    expect(JSON.parse(row!.reply!)[0].kind).toBe("photo");
  });

  it("gives up on a user who blocked the bot and says so", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    const m = message("hello", { chatId: "blocked-chat" });
    await inbox.receive(m);
    await inbox.drain();
    expect(await statusOf(m.messageId)).toBe("failed");
    expect(p.blocked).toEqual(["blocked-chat"]);
  });

  it("answers after a restart what was received but not answered, and apologises for what is too old", async () => {
    const fresh = message("còn mới", { chatId: "c-crash" });
    const old = message("đã cũ", { chatId: "c-crash" });
    // What a process killed right after acknowledging leaves behind.
    await temp.db.inboundMessage.create({
      data: { channel: "telegram", messageId: old.messageId, chatId: old.chatId, userId: "u1", message: JSON.stringify(old), receivedAt: new Date(Date.now() - 20 * 60_000) },
    });
    await temp.db.inboundMessage.create({ data: { channel: "telegram", messageId: fresh.messageId, chatId: fresh.chatId, userId: "u1", message: JSON.stringify(fresh) } });
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.start();
    await inbox.drain();
    expect(p.sent.map((s) => (s.part as { text: string }).text)).toEqual([
      expect.stringMatching(/^Xin lỗi, tin nhắn bạn gửi lúc \d\d:\d\d chưa được trả lời kịp/),
      "Trả lời: còn mới",
    ]);
    expect(await inbox.receive(fresh)).toBe("duplicate");
  });

  it("answers what a crash left even when a channel now switched off left more", async () => {
    const off = Array.from({ length: 250 }, (_, i) => ({
      channel: "zalo",
      messageId: `off-${i}`,
      chatId: "z",
      userId: "z",
      message: "{}",
      receivedAt: new Date(Date.now() - 60_000),
    }));
    await temp.db.inboundMessage.createMany({ data: off });
    const left = message("còn chờ", { chatId: "c-left" });
    await temp.db.inboundMessage.create({ data: { channel: "telegram", messageId: left.messageId, chatId: left.chatId, userId: "u1", message: JSON.stringify(left) } });
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.start();
    await inbox.drain();
    expect(p.sent.map((s) => (s.part as { text: string }).text)).toEqual(["Trả lời: còn chờ"]);
    await temp.db.inboundMessage.deleteMany({ where: { channel: "zalo" } });
  });

  it("keeps each chat's order while a slow chat does not hold the others", async () => {
    const p = scriptedPort();
    const inbox = inboxWith(p.port);
    await inbox.receive(message("chậm 1", { chatId: "slow" }));
    await inbox.receive(message("chậm 2", { chatId: "slow" }));
    await inbox.receive(message("nhanh", { chatId: "fast" }));
    await until(() => p.sent.some((s) => s.chatId === "fast"));
    expect(p.sent.filter((s) => s.chatId === "slow")).toHaveLength(0);
    await inbox.drain();
    expect(p.sent.filter((s) => s.chatId === "slow").map((s) => (s.part as { text: string }).text)).toEqual(["Trả lời: chậm 1", "Trả lời: chậm 2"]);
  });

  it("limits how many messages a user sends a minute: one notice, then silence until the window passes; staff are exempt", async () => {
    let now = Date.now();
    const p = scriptedPort();
    const inbox = inboxWith(p.port, { perMinute: 3, staffIds: new Set(["telegram:boss"]), now: () => now });
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await inbox.receive(message(`tin ${i}`, { chatId: "flood", userId: "flooder" })));
    for (let i = 0; i < 6; i++) await inbox.receive(message(`sếp ${i}`, { chatId: "boss", userId: "boss" }));
    await inbox.drain();
    expect(outcomes).toEqual(["new", "new", "new", "new", "dropped", "dropped"]);
    const texts = p.sent.filter((s) => s.chatId === "flood").map((s) => (s.part as { text: string }).text);
    expect(texts.slice(0, 3)).toEqual(["Trả lời: tin 0", "Trả lời: tin 1", "Trả lời: tin 2"]);
    expect(texts[3]).toMatch(/nhiều tin quá/);
    expect(texts).toHaveLength(4);
    expect(p.sent.filter((s) => s.chatId === "boss")).toHaveLength(6);
    now += 61_000;
    await inbox.receive(message("sau một phút", { chatId: "flood", userId: "flooder" }));
    await inbox.drain();
    expect((p.sent.at(-1)!.part as { text: string }).text).toBe("Trả lời: sau một phút");
  });
});
