import { describe, expect, it } from "vitest";
import { ANNOUNCEMENT_MAX_CHARS, formatAnnouncement, TEXT_LIMITS } from "../../../src/services/alerts/format.ts";

// Staff announcements are sent whole, under a heading, within one message of each platform.

describe("formatAnnouncement", () => {
  it("keeps the whole text and its line breaks, under the heading, with how to stop", () => {
    const text = "Thông báo lịch tiếp doanh nghiệp\n\nSáng thứ Hai hằng tuần. Tại trụ sở Sở. Mang theo giấy tờ. Liên hệ trước.";
    expect(formatAnnouncement(text, "zalo")).toEqual({ text: `📢 Thông báo của Sở\n\n${text}\n\nGõ /huy để ngừng nhận tin.` });
    const telegram = formatAnnouncement(text, "telegram");
    expect(telegram.html).toBe(`<b>📢 Thông báo của Sở</b>\n\n${text}\n\n<i>Gõ /huy để ngừng nhận tin.</i>`);
  });

  it("escapes what staff typed for Telegram's HTML", () => {
    expect(formatAnnouncement("Giá <b>xăng</b> & dầu", "telegram").html).toContain("Giá &lt;b&gt;xăng&lt;/b&gt; &amp; dầu");
  });

  it("fits the longest allowed text into one Zalo message, and sends plain text to Telegram when escaping makes the HTML too long", () => {
    const longest = "Đ".repeat(ANNOUNCEMENT_MAX_CHARS);
    expect(formatAnnouncement(longest, "zalo").text.length).toBeLessThanOrEqual(TEXT_LIMITS.zalo);
    expect(formatAnnouncement(longest, "zalo").text).toContain(longest);
    const ampersands = formatAnnouncement("&".repeat(ANNOUNCEMENT_MAX_CHARS), "telegram");
    expect(ampersands.html).toBeUndefined();
    expect(ampersands.text).toContain("&".repeat(ANNOUNCEMENT_MAX_CHARS));
    // An over-long stored text (never accepted by the forms) is cut, not split.
    expect(formatAnnouncement("từ ".repeat(2000), "zalo").text.length).toBeLessThanOrEqual(TEXT_LIMITS.zalo);
  });
});
