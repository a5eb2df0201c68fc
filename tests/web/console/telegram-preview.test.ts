import { describe, expect, it } from "vitest";
import { telegramPreviewHtml } from "../../../src/web/console/telegram-preview.ts";

// The console shows Telegram's HTML formatting, rebuilt from tokens so that nothing else is markup.

describe("telegramPreviewHtml", () => {
  it("keeps Telegram's formatting tags and the text's entities", () => {
    expect(telegramPreviewHtml("<b>Tiêu đề</b>\n&lt;a&gt; &amp; <i>ghi chú</i>", true)).toBe("<b>Tiêu đề</b>\n&lt;a&gt; &amp; <i>ghi chú</i>");
    expect(telegramPreviewHtml('<a href="https://sct.example/x?a=1&amp;b=2">Xem</a>', true)).toBe(
      '<a href="https://sct.example/x?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">Xem</a>',
    );
  });

  it("turns anything else into text: other tags, attributes, scripts, unsafe links, unclosed tags", () => {
    expect(telegramPreviewHtml('<script>alert(1)</script><img src=x onerror="y">', true)).toBe("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;y&quot;&gt;");
    expect(telegramPreviewHtml('<a href="javascript:alert(1)">x</a>', true)).toBe('<a href="#" rel="noopener noreferrer" target="_blank">x</a>');
    expect(telegramPreviewHtml("<b>mở mà không đóng", true)).toBe("<b>mở mà không đóng</b>");
    expect(telegramPreviewHtml("</i>đóng lạc", true)).toBe("đóng lạc");
    expect(telegramPreviewHtml("<b>văn bản thường</b> & <", false)).toBe("&lt;b&gt;văn bản thường&lt;/b&gt; &amp; &lt;");
  });
});
