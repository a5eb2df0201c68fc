import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSubscribers, csvField, csvLine, listSubscribers, maskChatId, subscriberFilterChoices } from "../../../src/services/console/subscribers.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The console's subscriber list and CSV export on a real SQLite file: filters, paging, masking, and
// CSV fields that Excel reads back as written (no formula runs).

let temp: TempDb;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 3, minute));
  const rows = [
    { channel: "telegram", chatId: "1000001", topics: "[]", subscribedAt: at(1) },
    { channel: "telegram", chatId: "-1001234567890", topics: JSON.stringify(["Giá cả"]), mode: "digest", digestHour: 7, subscribedAt: at(2) },
    { channel: "zalo", chatId: "z-abcdefgh", topics: JSON.stringify(["Công nghiệp", "Giá cả"]), subscribedAt: at(3) },
    { channel: "zalo", chatId: "z-off", topics: JSON.stringify(["Công nghiệp"]), active: false, inactiveReason: "unsubscribed", subscribedAt: at(4) },
    { channel: "zalo-oa", chatId: "oa-1", topics: JSON.stringify(['Tin "nóng", mới']), subscribedAt: at(5) },
  ];
  for (const data of rows) await temp.db.subscriber.create({ data });
  await temp.db.newsSource.create({ data: { url: "https://example.gov.vn/rss", kind: "rss", topic: "Xúc tiến thương mại" } });
});
afterAll(() => temp?.cleanup());

describe("the subscriber list", () => {
  it("lists everyone, newest first, with chat ids masked and topics read", async () => {
    const page = await listSubscribers(temp.db, {});
    expect(page).toMatchObject({ total: 5, page: 1, pages: 1 });
    expect(page.rows.map((r) => r.chatId)).toEqual(["***-1", "***ff", "***efgh", "***7890", "***001"]);
    expect(page.rows[1]).toMatchObject({ channel: "zalo", active: false, inactiveReason: "unsubscribed", topics: ["Công nghiệp"] });
    expect(page.rows[3]).toMatchObject({ mode: "digest", digestHour: 7, topics: ["Giá cả"] });
    expect(JSON.stringify(page)).not.toContain("1234567890");
  });

  it("filters by channel, status and topic (those who take every topic receive it too)", async () => {
    expect((await listSubscribers(temp.db, { channel: "zalo" })).total).toBe(2);
    expect((await listSubscribers(temp.db, { status: "inactive" })).rows.map((r) => r.chatId)).toEqual(["***ff"]);
    expect((await listSubscribers(temp.db, { status: "active", channel: "zalo" })).total).toBe(1);
    const prices = await listSubscribers(temp.db, { topic: "Giá cả" });
    expect(prices.rows.map((r) => r.channel)).toEqual(["zalo", "telegram", "telegram"]);
    // A topic that is part of another's name does not match it.
    expect((await listSubscribers(temp.db, { topic: "Giá" })).total).toBe(1);
    expect((await listSubscribers(temp.db, { topic: 'Tin "nóng", mới' })).total).toBe(2);
  });

  it("pages by the given size, and a page past the end gives the last one", async () => {
    const second = await listSubscribers(temp.db, {}, 2, 2);
    expect(second).toMatchObject({ total: 5, page: 2, pages: 3 });
    expect(second.rows.map((r) => r.chatId)).toEqual(["***efgh", "***7890"]);
    expect((await listSubscribers(temp.db, {}, 99, 2)).page).toBe(3);
    expect((await listSubscribers(temp.db, {}, -1, 2)).page).toBe(1);
    expect(await listSubscribers(temp.db, { channel: "none" })).toMatchObject({ total: 0, page: 1, pages: 1, rows: [] });
  });

  it("reads every filtered row for the export, across batches", async () => {
    const all = [];
    for await (const row of allSubscribers(temp.db, { channel: "zalo" }, 1)) all.push(row.chatId);
    expect(all).toEqual(["***ff", "***efgh"]);
    const everyone = [];
    for await (const row of allSubscribers(temp.db, {}, 2)) everyone.push(row.id);
    expect(everyone).toHaveLength(5);
    expect(new Set(everyone).size).toBe(5);
  });

  it("offers the channels subscribers use and the sources' topics", async () => {
    expect(await subscriberFilterChoices(temp.db)).toEqual({ channels: ["telegram", "zalo", "zalo-oa"], topics: ["Xúc tiến thương mại"] });
  });
});

describe("masking a chat id", () => {
  it("shows at most the last 4 characters, never more than half", () => {
    expect(maskChatId("-1001234567890")).toBe("***7890");
    expect(maskChatId("12345")).toBe("***45");
    expect(maskChatId("abc")).toBe("***c");
    expect(maskChatId("a")).toBe("***");
    expect(maskChatId("")).toBe("***");
  });
});

describe("CSV fields", () => {
  it("leaves plain text alone, Vietnamese included", () => {
    expect(csvField("Sở Công Thương")).toBe("Sở Công Thương");
    expect(csvField("")).toBe("");
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('Tin "nóng"')).toBe('"Tin ""nóng"""');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField(" lề ")).toBe('" lề "');
  });

  it("turns what a spreadsheet would run as a formula into text", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+84912345678")).toBe("'+84912345678");
    expect(csvField("-1+1")).toBe("'-1+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("ends each line with CRLF", () => {
    expect(csvLine(["a", "b,c", "=1"])).toBe('a,"b,c",\'=1\r\n');
  });
});
