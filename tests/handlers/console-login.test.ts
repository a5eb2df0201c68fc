import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../src/app/core.ts";
import { NOT_STAFF } from "../../src/handlers/staff.ts";
import type { BotRequest } from "../../src/handlers/types.ts";
import { consumeLoginToken } from "../../src/services/console/login-tokens.ts";
import { createInbox } from "../../src/services/inbox/inbox.ts";
import type { ChannelPort, ReplyPart } from "../../src/services/inbox/types.ts";
import { createTempDb, silentLogger, type TempDb } from "../support/temp-db.ts";

// /quantri: staff get a one-time sign-in link to the console in a private chat; nobody else does.

const PUBLIC_URL = "https://bot.sct.example.gov.vn";
const LINK = /https:\/\/bot\.sct\.example\.gov\.vn\/console\/login\?token=([A-Za-z0-9_-]{43})/;
let temp: TempDb;
let core: Core;

beforeAll(async () => {
  temp = await createTempDb();
  core = await createCore(temp.db, { staffIds: new Set(["telegram:900", "zalo:abc"]), publicUrl: PUBLIC_URL });
});
afterAll(() => temp?.cleanup());

const ask = (over: Partial<BotRequest>) => core.answer({ channel: "telegram", userId: "900", chatId: "900", text: "/quantri", ...over });

describe("/quantri", () => {
  it("gives a staff member on Telegram a link on PUBLIC_URL whose token signs them in", async () => {
    const reply = await ask({});
    expect(reply.intent).toBe("console_login");
    expect(reply.secret).toBe(true);
    expect(reply.text).toContain(`${PUBLIC_URL}/console/login?token=`);
    expect(reply.text).toMatch(/một lần/);
    expect(reply.text).toMatch(/10 phút/);
    const token = LINK.exec(reply.text)![1]!;
    expect(await consumeLoginToken(temp.db, token)).toBe("telegram:900");
  });

  it("works on Zalo too, for that channel's staff id", async () => {
    const reply = await ask({ channel: "zalo", userId: "abc", chatId: "abc" });
    expect(await consumeLoginToken(temp.db, LINK.exec(reply.text)![1]!)).toBe("zalo:abc");
  });

  it("gives everyone else the usual staff-only reply, with no link", async () => {
    for (const request of [
      { userId: "901", chatId: "901" },
      { channel: "zalo" as const, userId: "900", chatId: "900" },
      { channel: "cli" as const, userId: "900", chatId: "900" },
    ]) {
      const reply = await ask(request);
      expect(reply).toEqual(NOT_STAFF);
      expect(reply.text).not.toContain("http");
    }
  });

  it("gives no link in a group chat, even to staff", async () => {
    const reply = await ask({ chatId: "-100500", chatType: "group" });
    expect(reply).toEqual(NOT_STAFF);
  });

  it("is refused like any staff command when the console has no public address", async () => {
    const bare = await createCore(temp.db, { staffIds: new Set(["telegram:900"]) });
    expect(await bare.answer({ channel: "telegram", userId: "900", chatId: "900", text: "/quantri" })).toEqual(NOT_STAFF);
  });
});

describe("the sign-in link in the inbox", () => {
  it("is never stored with the message; a reply that must be retried carries a new link", async () => {
    const sent: string[] = [];
    let failFirst = true;
    const port: ChannelPort = {
      toRequest: (m) => ({ channel: "telegram", userId: m.userId, chatId: m.chatId, text: m.text }),
      render: (_m, reply): ReplyPart[] => [{ kind: "text", text: reply.text }],
      async send(_chatId, part) {
        if (failFirst) {
          failFirst = false;
          throw new Error("503");
        }
        if (part.kind === "text") sent.push(part.text);
      },
      classify: () => ({ retry: true, reason: "503" }),
    };
    const inbox = createInbox({ db: temp.db, answer: core.answer, logger: silentLogger, retryEveryMs: 20, retryBaseMs: 10, perMinute: 0 });
    inbox.register("telegram", port);
    await inbox.start();
    try {
      await inbox.receive({ channel: "telegram", messageId: "q1", chatId: "900", userId: "900", text: "/quantri" });
      await expect.poll(() => sent.length, { timeout: 5_000 }).toBe(1);
      const row = await temp.db.inboundMessage.findUniqueOrThrow({ where: { channel_messageId: { channel: "telegram", messageId: "q1" } } });
      expect(row).toMatchObject({ status: "answered", intent: "console_login", reply: null });
      expect(row.lastError).toBe("503");
      expect(sent[0]).toMatch(LINK);
      // Two links were made (the first one's send failed); only the one sent works.
      expect(await temp.db.consoleLoginToken.count({ where: { staffId: "telegram:900", usedAt: null } })).toBe(2);
      expect(await consumeLoginToken(temp.db, LINK.exec(sent[0]!)![1]!)).toBe("telegram:900");
    } finally {
      await inbox.stop();
    }
  });
});
