// The linear pre-scan that refuses markup too deep, too busy or too large before any DOM is built,
// and the linear tag stripping used for feed titles and summaries.
import { describe, expect, it } from "vitest";
import { ParseLimitError } from "../../../src/services/parsing/errors.ts";
import { checkLength, checkMarkupLimits, MARKUP_LIMITS } from "../../../src/services/parsing/markup-limits.ts";
import { tidy } from "../../../src/services/text/fold.ts";
import { markupText } from "../../../src/services/text/markup-text.ts";

const divs = (depth: number) => `${"<div>".repeat(depth)}x${"</div>".repeat(depth)}`;

describe("checkMarkupLimits", () => {
  it("lets pages up to the limits through", () => {
    expect(() => checkMarkupLimits(`<html><body>${divs(MARKUP_LIMITS.maxDepth - 2)}</body></html>`)).not.toThrow();
    // Siblings do not add depth; void elements and implied ends close themselves.
    expect(() => checkMarkupLimits(`<body>${"<div><p>a<br><img src=x><p>b</div>".repeat(5_000)}</body>`)).not.toThrow();
  });

  it("refuses nesting beyond the depth limit, closed or not", () => {
    expect(() => checkMarkupLimits(divs(MARKUP_LIMITS.maxDepth + 1))).toThrow(/lồng thẻ quá sâu \(hơn 256 cấp\)/);
    expect(() => checkMarkupLimits("<b>".repeat(1_000))).toThrow(ParseLimitError);
    expect(() => checkMarkupLimits(divs(100_000))).toThrow(ParseLimitError);
  });

  it("refuses more elements than the limit", () => {
    expect(() => checkMarkupLimits("<p>a</p>".repeat(MARKUP_LIMITS.maxElements + 1))).toThrow(/quá nhiều thẻ \(hơn 50\.000\)/);
  });

  it("refuses input longer than the size limit", () => {
    expect(() => checkMarkupLimits("a".repeat(MARKUP_LIMITS.maxChars + 1))).toThrow(/quá lớn/);
    expect(() => checkLength("ab", 1)).toThrow(ParseLimitError);
  });

  it("reads feeds as XML: self-closed elements end there", () => {
    const feed = `<rss><channel>${"<item><enclosure url='x'/><title>t</title></item>".repeat(300)}</channel></rss>`;
    expect(() => checkMarkupLimits(feed, { xml: true })).not.toThrow();
    expect(() => checkMarkupLimits(`<rss>${"<x>".repeat(300)}</rss>`, { xml: true })).toThrow(ParseLimitError);
  });

  it("takes custom limits", () => {
    const limits = { maxDepth: 2, maxElements: 3, maxChars: 100 };
    expect(() => checkMarkupLimits("<a><b></b></a>", { limits })).not.toThrow();
    expect(() => checkMarkupLimits("<a><b><c></c></b></a>", { limits })).toThrow(/hơn 2 cấp/);
    expect(() => checkMarkupLimits("<a></a><a></a><a></a><a></a>", { limits })).toThrow(/hơn 3\)/);
  });
});

describe("markupText", () => {
  it("drops tags, script and style, and decodes entities", () => {
    const text = markupText("<p>Hơn <b>120</b> doanh nghiệp&nbsp;&amp; hộ</p><script>var x = '<b>';</script><style>p{}</style>");
    expect(tidy(text)).toBe("Hơn 120 doanh nghiệp & hộ");
    expect(text).toContain("nghiệp\u00a0&");
  });

  it("keeps a “<” that starts no tag", () => {
    expect(markupText("a < b, 5 <6")).toBe("a < b, 5 <6");
    expect(markupText("<<<<")).toBe("<<<<");
  });

  it("puts what the caller says in place of each tag", () => {
    expect(markupText("a<i>b</i><p>c</p>", (tag) => (tag === "p" ? "\n" : ""))).toBe("ab\nc\n");
  });
});
