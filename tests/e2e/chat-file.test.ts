import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import { createTelegramBot } from "../../src/bot/telegram/bot.ts";
import { runTelegram, type TelegramRunner } from "../../src/bot/telegram/run.ts";
import { createZaloClient } from "../../src/bot/zalo/client.ts";
import { createZaloWebhook, type ZaloWebhook } from "../../src/bot/zalo/webhook.ts";
import { parseUpdate } from "../../src/bot/zalo/updates.ts";
import { testInbox } from "../support/inbox.ts";
import { createFileIngest, type FileToIngest } from "../../src/handlers/ingest-file.ts";
import type { BotRequest, IncomingFile } from "../../src/handlers/types.ts";
import { closeServer, createApp, listen } from "../../src/server.ts";
import { downloadCapped, FileTooLargeError } from "../../src/services/http/download.ts";
import type { IngestResult } from "../../src/services/reports/ingest.ts";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.ts";
import { startFileServer, type FileServer } from "../support/file-server.ts";
import { localFetch, startInternalHost } from "../support/local-fetch.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

// Staff send a report as a file in the chat; the bot downloads it, stores it and lists its figures.

const TXT_NAME = "bao-cao-xuat-khau-thang-4-2025.txt";
const TXT = readFileSync(`tests/fixtures/chat-file/${TXT_NAME}`);
const HTML = readFileSync("tests/fixtures/chat-file/dien-quy-1-2025.html");
const MB = 1024 * 1024;

// Logs go to memory without any scrubbing: the adapters themselves must keep tokens and URLs out.
const logLines: string[] = [];
const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void logLines.push(line) });
const logs = () => logLines.join("");

describe("the file handler", () => {
  const staff = new Set(["telegram:42"]);
  const received: FileToIngest[] = [];
  const ingestFile = async (file: FileToIngest): Promise<IngestResult> => {
    received.push(file);
    throw new Error("không đọc được tệp");
  };
  const handler = createFileIngest({ staffIds: staff, ingestFile });
  let downloads = 0;
  const fileOf = (over: Partial<IncomingFile> = {}): IncomingFile => ({
    name: "bao-cao.txt",
    size: 100,
    contentType: "text/plain",
    download: async () => {
      downloads++;
      return new TextEncoder().encode("x");
    },
    ...over,
  });
  const request = (file: IncomingFile, userId = "42"): BotRequest => ({ channel: "telegram", userId, chatId: userId, text: "", file });
  beforeEach(() => {
    downloads = 0;
    received.length = 0;
  });

  it("ignores a message without a file", async () => {
    expect(await handler({ channel: "telegram", userId: "42", chatId: "42", text: "https://example.org" })).toBeNull();
  });

  it("refuses someone who is not staff without downloading", async () => {
    const reply = await handler(request(fileOf(), "7"));
    expect(reply?.intent).toBe("ingest_denied");
    expect(reply?.text).toMatch(/chỉ cán bộ/);
    expect(downloads).toBe(0);
  });

  it("names the accepted types for an unsupported file, without downloading", async () => {
    for (const name of ["so-lieu.xlsx", "cong-van.doc", "anh.jpg"]) {
      const reply = await handler(request(fileOf({ name, contentType: null })));
      expect(reply?.intent).toBe("ingest_unsupported");
      expect(reply?.text).toContain(`“${name}”`);
      for (const type of ["PDF", ".docx", ".html", ".txt"]) expect(reply?.text).toContain(type);
    }
    expect(downloads).toBe(0);
  });

  it("refuses a file announced over 20 MB before downloading, and one found too large while downloading", async () => {
    const announced = await handler(request(fileOf({ name: "lon.pdf", size: 25 * MB })));
    expect(announced?.intent).toBe("ingest_too_large");
    expect(announced?.text).toContain("25,0 MB");
    expect(announced?.text).toContain("20,0 MB");
    expect(downloads).toBe(0);
    const found = await handler(request(fileOf({ size: null, download: async () => Promise.reject(new FileTooLargeError(20 * MB)) })));
    expect(found?.intent).toBe("ingest_too_large");
  });

  it("gives a file without an extension the one its content type implies", async () => {
    await handler(request(fileOf({ name: "bao-cao", contentType: "application/pdf" })));
    expect(received.map((f) => f.name)).toEqual(["bao-cao.pdf"]);
  });

  it("says so when the download or the ingestion fails", async () => {
    const failed = await handler(request(fileOf({ download: async () => Promise.reject(new Error("máy chủ trả về HTTP 500")) })));
    expect(failed).toMatchObject({ intent: "ingest_failed" });
    expect(failed?.text).toMatch(/^Không tải được tệp “bao-cao.txt”: máy chủ trả về HTTP 500/);
    const unreadable = await handler(request(fileOf()));
    expect(unreadable?.text).toBe("Không lưu được báo cáo từ tệp “bao-cao.txt”: không đọc được tệp");
  });
});

describe("downloadCapped", () => {
  let files: FileServer;
  beforeAll(async () => (files = await startFileServer()));
  afterAll(() => files.close());

  it("enforces the cap while reading when no length is announced, and names no URL in its errors", async () => {
    const url = files.host("big.bin", { body: new Uint8Array(64 * 1024), chunked: true });
    await expect(downloadCapped(url, { maxBytes: 1000, safeFetch: localFetch })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await downloadCapped(url, { maxBytes: 64 * 1024, safeFetch: localFetch })).toHaveLength(64 * 1024);
    const slow = files.host("slow.txt", { body: "x", delayMs: 500 });
    await expect(downloadCapped(slow, { timeoutMs: 50, safeFetch: localFetch })).rejects.toThrow(/quá thời gian chờ/);
    const gone = files.host("gone.txt", { body: "", status: 404 });
    await expect(downloadCapped(gone, { safeFetch: localFetch })).rejects.toThrow("máy chủ trả về HTTP 404");
    for (const target of [slow, gone, "http://127.0.0.1:1/bot123:secret/x"]) {
      const err = await downloadCapped(target, { timeoutMs: 50, safeFetch: localFetch }).catch((e: Error) => e);
      expect((err as Error).message).not.toContain("127.0.0.1");
    }
  });

  it("refuses a private address by default, and a redirect to one, without naming it", async () => {
    const internal = await startInternalHost();
    try {
      const url = files.host("a.txt", { body: "x" });
      files.requests.length = 0;
      for (const target of [url, `${internal.base}/bot123:secret/x`, `http://0x7f000001:${new URL(url).port}/files/a.txt`]) {
        const err = (await downloadCapped(target).catch((e: Error) => e)) as Error;
        expect(err.message).toBe("địa chỉ tệp không được phép tải");
      }
      expect(files.requests).toEqual([]);
      const hop = files.host("hop.txt", { body: "", status: 302, location: `${internal.base}/secret` });
      expect(((await downloadCapped(hop, { safeFetch: localFetch }).catch((e: Error) => e)) as Error).message).toBe("địa chỉ tệp không được phép tải");
      expect(internal.requests).toEqual([]);
    } finally {
      await internal.close();
    }
  });
});

describe("reports sent as files in the chat", () => {
  let temp: TempDb;
  let core: Core;
  beforeAll(async () => {
    temp = await createTempDb();
    core = await createCore(temp.db, { staffIds: new Set(["telegram:42", "zalo:staff-1"]) });
  });
  afterAll(() => temp?.cleanup());

  it("treats a file with a caption as a file, not as a question", async () => {
    const file: IncomingFile = { name: "x.txt", size: 1, contentType: null, download: async () => new Uint8Array() };
    const reply = await core.answer({ channel: "telegram", userId: "7", chatId: "7", text: "số điện thoại sở công thương", file });
    expect(reply.intent).toBe("ingest_denied");
  });

  describe("on Telegram", () => {
    const token = "1003:file-test-token-AAE";
    let fake: FakeTelegram;
    let runner: TelegramRunner;
    beforeAll(async () => {
      fake = await startFakeTelegram();
      const bot = createTelegramBot({ token, apiRoot: fake.apiRoot, inbox: testInbox(temp.db, core.answer, { logger }), logger });
      runner = await runTelegram(bot.bot, { logger });
    });
    afterAll(async () => {
      await runner?.stop();
      await fake?.stop();
    });
    const askedFor = (fileId: string) => fake.calls({ token, method: "getFile" }).some((c) => c.params.file_id === fileId);

    it("stores a staff member's document and lists its figures", async () => {
      logLines.length = 0;
      const doc = fake.addFile({ bytes: TXT, fileName: TXT_NAME, mimeType: "text/plain" });
      const user = fake.user(token, { userId: 42 });
      await user.sendDocument(doc, { caption: "kim ngạch xuất khẩu" });
      const reply = await user.waitForReply(10_000);
      expect(reply.text).toMatch(/^Đã lưu: “Báo cáo nhanh tình hình xuất nhập khẩu tháng 4 năm 2025” \(cập nhật 06\/05\/2025\), 5 số liệu\./);
      expect(reply.text).toContain("• Kim ngạch xuất khẩu, tháng 4/2025: 120,5 triệu USD");
      expect(fake.fileDownloads()).toEqual([{ token, filePath: "documents/file_1.txt", status: 200 }]);
      expect(await temp.db.report.count({ where: { title: { startsWith: "Báo cáo nhanh" } } })).toBe(1);
      // The figure is now answerable.
      await user.say("kim ngạch xuất khẩu tháng 4/2025");
      expect((await user.waitForReply()).text).toContain("120,5 triệu USD");
    });

    it("refuses someone who is not staff and downloads nothing", async () => {
      const before = fake.fileDownloads().length;
      const doc = fake.addFile({ bytes: TXT, fileName: "khac.txt", mimeType: "text/plain" });
      const user = fake.user(token, { userId: 77 });
      await user.sendDocument(doc);
      expect((await user.waitForReply()).text).toMatch(/^Xin lỗi, chỉ cán bộ của Sở/);
      expect(askedFor(doc.file_id)).toBe(false);
      expect(fake.fileDownloads()).toHaveLength(before);
    });

    it("refuses a document over 20 MB before asking for it", async () => {
      const doc = fake.addFile({ bytes: "x", fileName: "bao-cao-lon.pdf", mimeType: "application/pdf", size: 25 * MB });
      const user = fake.user(token, { userId: 42 });
      await user.sendDocument(doc);
      expect((await user.waitForReply()).text).toMatch(/^Tệp “bao-cao-lon.pdf” nặng 25,0 MB, vượt giới hạn 20,0 MB/);
      expect(askedFor(doc.file_id)).toBe(false);
    });

    it("names the accepted types for an unsupported document", async () => {
      const doc = fake.addFile({ bytes: "a,b", fileName: "so-lieu.xlsx", mimeType: "application/vnd.ms-excel" });
      const user = fake.user(token, { userId: 42 });
      await user.sendDocument(doc);
      const text = (await user.waitForReply()).text!;
      expect(text).toMatch(
        /^Tôi chưa đọc được tệp “so-lieu.xlsx”\. Bot chỉ nhận báo cáo dạng PDF \(\.pdf\), Word \(\.docx\), trang web \(\.html, \.htm\) hoặc văn bản \(\.txt\)\./,
      );
      expect(askedFor(doc.file_id)).toBe(false);
    });

    it("says so when the download fails, and keeps answering", async () => {
      const doc = fake.addFile({ bytes: TXT, fileName: "mat.txt", mimeType: "text/plain", missing: true });
      const user = fake.user(token, { userId: 42 });
      await user.sendDocument(doc);
      expect((await user.waitForReply()).text).toMatch(/^Không tải được tệp “mat.txt”: máy chủ trả về HTTP 404/);
      await user.say("email so cong thuong");
      expect((await user.waitForReply()).text).toContain("sct@bentre.gov.vn");
    });

    it("never logs the token", () => {
      expect(logs()).toContain('"intent":"ingest');
      expect(logs()).not.toContain(token);
      expect(logs()).not.toContain("/file/bot");
    });
  });

  describe("on Zalo", () => {
    const TOKEN = "987654:zaloFileTestToken";
    const SECRET = "webhook-secret-456";
    let fake: FakeZalo;
    let files: FileServer;
    let webhook: ZaloWebhook;
    let server: Server;
    let base: string;
    let seq = 0;

    beforeAll(async () => {
      fake = await startFakeZalo({ token: TOKEN });
      files = await startFileServer();
      const client = createZaloClient({ apiRoot: fake.apiRoot, token: TOKEN, logger, baseDelayMs: 5, maxDelayMs: 20 });
      webhook = createZaloWebhook({ inbox: testInbox(temp.db, core.answer, { logger }), client, secret: SECRET, logger, safeFetch: localFetch });
      const app = createApp({ logger, mounts: [{ path: "/webhooks/zalo", router: webhook }], health: () => ({}) });
      server = await listen(app, 0, "127.0.0.1");
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
    });
    afterAll(async () => {
      await webhook?.drain();
      await closeServer(server);
      await files?.close();
      await fake?.close();
    });
    beforeEach(() => {
      fake.reset();
      files.requests.length = 0;
    });

    function update(event: string, fields: Record<string, unknown>, over: { userId?: string; messageId?: string } = {}) {
      const userId = over.userId ?? "staff-1";
      return {
        ok: true,
        result: {
          event_name: event,
          message: {
            message_id: over.messageId ?? `file-${++seq}`,
            date: Date.now(),
            from: { id: userId, display_name: "Cán bộ", is_bot: false },
            chat: { id: userId, chat_type: "PRIVATE" },
            ...fields,
          },
        },
      };
    }
    async function deliver(body: unknown): Promise<string[]> {
      const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      await webhook.drain();
      return fake.sent.map((m) => m.text);
    }

    it("stores a staff member's file and lists its figures; a second delivery is answered once", async () => {
      const url = files.host("dien-quy-1-2025.html", { body: HTML, contentType: "text/html; charset=utf-8" });
      const body = update("message.file.received", { file: { url, name: "dien-quy-1-2025.html", size: HTML.byteLength }, caption: "lưu giúp" }, { messageId: "file-once" });
      const [reply, ...rest] = await deliver(body);
      expect(rest).toEqual([]);
      expect(reply).toMatch(/^Đã lưu: “Sản lượng điện quý I năm 2025” \(cập nhật 10\/04\/2025\), 2 số liệu\./);
      expect(reply).toContain("412,6 triệu kWh");
      expect(files.requests).toEqual(["/files/dien-quy-1-2025.html"]);
      await deliver(body);
      expect(fake.sent).toHaveLength(1);
      expect(files.requests).toHaveLength(1);
    });

    it("reads the document-shaped file event too", async () => {
      const url = files.host("bao-cao-thang-4", { body: TXT, contentType: "text/plain" });
      const [reply] = await deliver(update("message.document.received", { document: url, file_name: TXT_NAME, mime_type: "text/plain" }));
      expect(reply).toMatch(/^(Đã lưu|Báo cáo này đã có)/);
      expect(reply).toContain("120,5 triệu USD");
    });

    it("refuses someone who is not staff and downloads nothing", async () => {
      const url = files.host("la.txt", { body: TXT });
      const [reply] = await deliver(update("message.file.received", { file: { url, name: "la.txt" } }, { userId: "stranger-9" }));
      expect(reply).toMatch(/^Xin lỗi, chỉ cán bộ của Sở/);
      expect(files.requests).toEqual([]);
    });

    it("refuses a file over 20 MB before downloading", async () => {
      const url = files.host("lon.pdf", { body: "x" });
      const [reply] = await deliver(update("message.file.received", { file: { url, name: "lon.pdf", size: 21 * MB } }));
      expect(reply).toMatch(/vượt giới hạn 20,0 MB/);
      expect(files.requests).toEqual([]);
    });

    it("names the accepted types for an unsupported file", async () => {
      const url = files.host("so-lieu.xlsx", { body: "x" });
      const [reply] = await deliver(update("message.file.received", { file: { url, name: "so-lieu.xlsx" } }));
      expect(reply).toContain("Bot chỉ nhận báo cáo dạng PDF (.pdf), Word (.docx), trang web (.html, .htm) hoặc văn bản (.txt)");
      expect(files.requests).toEqual([]);
    });

    it("says so when the download fails, and keeps answering", async () => {
      const url = files.host("hong.txt", { body: "", status: 500 });
      const [reply] = await deliver(update("message.file.received", { file: { url, name: "hong.txt" } }));
      expect(reply).toMatch(/^Không tải được tệp “hong.txt”: máy chủ trả về HTTP 500/);
      expect(logs()).toContain('"intent":"ingest_failed"');
      fake.reset();
      const [next] = await deliver(update("message.text.received", { text: "email so cong thuong" }));
      expect(next).toContain("sct@bentre.gov.vn");
      expect(logs()).not.toContain(url);
      expect(logs()).not.toContain(TOKEN);
    });

    it("refuses a file URL on an internal address without fetching it", async () => {
      const internal = await startInternalHost();
      try {
        const [reply] = await deliver(update("message.file.received", { file: { url: `${internal.base}/bao-cao.txt`, name: "bao-cao.txt" } }));
        expect(reply).toBe("Không tải được tệp “bao-cao.txt”: địa chỉ tệp không được phép tải. Anh/chị vui lòng gửi lại sau ít phút.");
        expect(internal.requests).toEqual([]);
      } finally {
        await internal.close();
      }
    });

    it("still answers an image with the non-text reply", async () => {
      const [reply] = await deliver(update("message.image.received", { photo_url: `${files.base}/files/a.jpg` }));
      expect(reply).toMatch(/chỉ đọc được tin nhắn dạng chữ/);
      expect(files.requests).toEqual([]);
    });
  });
});

describe("parsing Zalo file messages", () => {
  const base = { message_id: "m1", chat: { id: "c1" }, from: { id: "u1" } };
  const parse = (event_name: string, fields: Record<string, unknown>) => parseUpdate({ event_name, message: { ...base, ...fields } })?.message;

  it("reads the file shapes seen in open-source Zalo bots", () => {
    expect(parse("message.file.received", { file: { url: "https://f.example/a/b.pdf", name: "b.pdf", size: 10 }, caption: "xem" })).toMatchObject({
      file: { url: "https://f.example/a/b.pdf", name: "b.pdf", size: 10, contentType: null },
      text: "xem",
    });
    expect(parse("message.document.received", { document: "https://f.example/x", file_name: "x.docx", mime_type: "application/msword", file_size: "12" })?.file).toEqual({
      url: "https://f.example/x",
      name: "x.docx",
      size: 12,
      contentType: "application/msword",
    });
    expect(parse("message.unsupported.received", { attachment_url: "https://f.example/r%C3%A1p.txt" })?.file).toEqual({
      url: "https://f.example/r%C3%A1p.txt",
      name: "ráp.txt",
      size: null,
      contentType: null,
    });
    expect(parse("message.file.received", { attachments: [{ payload: { url: "https://f.example/p", name: "p.html" } }] })?.file?.name).toBe("p.html");
    // A file event without any URL is still a file (the core says it cannot be downloaded).
    expect(parse("message.file.received", {})?.file).toEqual({ url: undefined, name: "", size: null, contentType: null });
  });

  it("leaves text and images alone", () => {
    expect(parse("message.text.received", { text: "https://example.org/bao-cao" })?.file).toBeUndefined();
    expect(parse("message.image.received", { photo_url: "https://f.example/a.jpg", url: "https://f.example/a.jpg" })?.file).toBeUndefined();
  });
});
