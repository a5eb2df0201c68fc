import { describe, expect, it } from "vitest";
import { contentKey, itemKey, keyItems, normaliseUrl } from "../../../src/services/news/identity.ts";

describe("normaliseUrl", () => {
  it("drops the fragment, tracking parameters, the trailing slash and the scheme, and sorts the query", () => {
    expect(normaliseUrl("https://SCT.BenTre.gov.vn/tin-tuc/bai-1/?b=2&utm_source=zalo&a=1&fbclid=XYZ#binh-luan")).toBe("//sct.bentre.gov.vn/tin-tuc/bai-1?a=1&b=2");
    expect(normaliseUrl("http://sct.bentre.gov.vn/tin-tuc/bai-1")).toBe(normaliseUrl("https://sct.bentre.gov.vn/tin-tuc/bai-1/"));
  });

  it("keeps the path's case and the parameters that identify the page", () => {
    expect(normaliseUrl("https://sct.example/Default.aspx?ID=15&UTM_Medium=x")).toBe("//sct.example/Default.aspx?ID=15");
  });

  it("refuses anything that is not an http(s) link", () => {
    expect(normaliseUrl("javascript:void(0)")).toBeNull();
    expect(normaliseUrl("bai-viet.html")).toBeNull();
  });
});

describe("itemKey", () => {
  const base = { title: "Hội nghị kết nối cung cầu", url: "https://sct.example/tin/1?utm_campaign=a" };

  it("prefers the GUID, then the normalised URL, then a hash of title and summary", () => {
    expect(itemKey({ ...base, guid: " sct-1 " })).toBe("guid:sct-1");
    expect(itemKey(base)).toBe("url://sct.example/tin/1");
    expect(itemKey({ title: "Thông báo", summary: "Lịch cắt điện" })).toBe(contentKey({ title: "Thông báo", summary: "Lịch cắt điện" }));
    expect(itemKey({ title: "Thông báo", summary: "Lịch cắt điện" })).toMatch(/^hash:[0-9a-f]{64}$/);
  });

  it("never includes the date, which department sites change when an article is edited", () => {
    const a = itemKey({ title: "Thông báo", publishedAt: new Date("2023-10-22T17:00:00Z") });
    const b = itemKey({ title: "Thông báo", publishedAt: new Date("2023-10-25T17:00:00Z") });
    expect(a).toBe(b);
  });
});

describe("keyItems", () => {
  it("keeps each item once", () => {
    const keyed = keyItems([
      { title: "A", url: "https://sct.example/a" },
      { title: "A (lặp)", url: "https://sct.example/a#top" },
      { title: "B", url: "https://sct.example/b" },
    ]);
    expect(keyed.map((k) => k.key)).toEqual(["url://sct.example/a", "url://sct.example/b"]);
  });

  it("does not trust a GUID that several different items share", () => {
    const keyed = keyItems([
      { guid: "tin-tuc", title: "A", url: "https://sct.example/a" },
      { guid: "tin-tuc", title: "B", url: "https://sct.example/b" },
      { guid: "sct-3", title: "C", url: "https://sct.example/c" },
    ]);
    expect(keyed.map((k) => k.key)).toEqual(["url://sct.example/a", "url://sct.example/b", "guid:sct-3"]);
  });
});
