import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import type { BotRequest } from "../../src/handlers/types.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

let temp: TempDb;
let core: Core;
let woken = 0;
const say = (userId: string, text: string, channel: BotRequest["channel"] = "telegram") => core.answer({ channel, userId, chatId: userId, text });
const subscriber = (chatId: string) => temp.db.subscriber.findUnique({ where: { channel_chatId: { channel: "telegram", chatId } } });

beforeAll(async () => {
  temp = await createTempDb();
  core = await createCore(temp.db, { staffIds: new Set(["telegram:900"]), onQueued: () => (woken += 1) });
});
afterAll(() => temp?.cleanup());

describe("subscribing to news alerts", () => {
  it("understands the commands and plain Vietnamese, with or without diacritics", async () => {
    for (const [text, intent] of [
      ["/dangky", "subscribe"],
      ["/subscribe", "subscribe"],
      ["đăng ký nhận tin", "subscribe"],
      ["dang ky nhan tin", "subscribe"],
      ["/huy", "unsubscribe"],
      ["/unsubscribe", "unsubscribe"],
      ["hủy đăng ký", "unsubscribe"],
      ["ngung gui tin", "unsubscribe"],
      ["NGỪNG GỬI TIN", "unsubscribe"],
    ]) {
      expect((await say("100", text)).intent, text).toBe(intent);
    }
  });

  it("keeps the subscriber when they stop, and starts them afresh (no back catalogue) when they come back", async () => {
    await say("101", "đăng ký nhận tin");
    const first = await subscriber("101");
    expect(first?.active).toBe(true);
    expect((await say("101", "/dangky")).text).toMatch(/đã đăng ký nhận tin rồi/);
    await say("101", "hủy đăng ký");
    expect((await subscriber("101"))?.active).toBe(false);
    await say("101", "/dangky");
    const again = await subscriber("101");
    expect(again?.active).toBe(true);
    expect(again!.subscribedAt.getTime()).toBeGreaterThanOrEqual(first!.subscribedAt.getTime());
    expect(await temp.db.subscriber.count({ where: { chatId: "101" } })).toBe(1);
  });

  it("brings back a subscriber who had blocked the bot when they send /start, but not one who unsubscribed", async () => {
    await say("102", "/dangky");
    await temp.db.subscriber.update({ where: { channel_chatId: { channel: "telegram", chatId: "102" } }, data: { active: false, inactiveReason: "blocked: Forbidden" } });
    await say("102", "/start");
    expect((await subscriber("102"))?.active).toBe(true);
    await say("101", "/huy");
    await say("101", "/start");
    expect((await subscriber("101"))?.active).toBe(false);
  });

  it("changes the settings: digest hour, keywords with exclusions, back to instant", async () => {
    await say("103", "/dangky");
    expect((await say("103", "/caidat")).text).toMatch(/Cách nhận: nhận ngay khi có tin/);
    expect((await say("103", "/caidat tomtat 8")).text).toMatch(/tóm tắt mỗi ngày lúc 8 giờ/);
    expect((await say("103", "/caidat tomtat 25")).text).toMatch(/từ 0 đến 23/);
    expect((await say("103", "/caidat tukhoa điện, Xuất khẩu, !xăng")).text).toMatch(/Từ khóa: điện, xuất khẩu, !xăng/);
    expect((await say("103", "/caidat tukhoa (a|b)*")).text).toMatch(/không hợp lệ/);
    expect((await say("103", "/caidat tucthi")).text).toMatch(/nhận ngay khi có tin/);
    const s = await subscriber("103");
    expect([s?.mode, s?.digestHour, JSON.parse(s!.keywords)]).toEqual(["instant", 8, ["điện", "xuất khẩu", "!xăng"]]);
  });

  it("asks people who have not subscribed to do so before changing settings", async () => {
    expect((await say("104", "/caidat tomtat 7")).text).toMatch(/chưa đăng ký/);
  });
});

describe("the latest items", () => {
  it("lists the newest stored reports while no news source has been crawled", async () => {
    const reply = await say("106", "báo cáo mới nhất");
    expect(reply.intent).toBe("latest_news");
    expect(reply.text).toMatch(/^📄 Báo cáo mới nhất đã lưu:\n1\. Ngành Công Thương Bến Tre sau 03 năm thực hiện Chỉ thị số 01-CT\/TU/);
  });
});

describe("staff commands", () => {
  it("are refused to everyone else", async () => {
    expect((await say("105", "/thongke")).intent).toBe("staff_denied");
    expect((await say("105", "/guitin Họp báo quý IV")).intent).toBe("staff_denied");
  });

  it("send an announcement to every active subscriber only after a preview and a confirmation", async () => {
    const preview = await say("900", "/guitin Thông báo lịch tiếp doanh nghiệp\nSáng thứ Hai hằng tuần tại trụ sở Sở.");
    expect(preview.text).toMatch(/Xem trước thông báo/);
    expect(preview.buttons?.map((b) => b.text)).toEqual(["/guitin xacnhan", "/guitin huy"]);
    expect(await temp.db.delivery.count()).toBe(0);
    const active = await temp.db.subscriber.count({ where: { active: true } });
    const sent = await say("900", preview.buttons![0].text);
    expect(sent.text).toContain(`tới ${active} người đăng ký`);
    expect(await temp.db.delivery.count()).toBe(active);
    expect(woken).toBe(1);
    expect((await say("900", "/guitin xacnhan")).text).toMatch(/Không có thông báo nào đang chờ/);
  });

  it("report subscribers, alerts and sources", async () => {
    const stats = await say("900", "/thongke");
    expect(stats.text).toMatch(/telegram: \d+ đang nhận, \d+ đã ngừng/);
    expect(stats.text).toMatch(/đang chờ: \d+/);
  });
});
