import { describe, expect, it } from "vitest";
import { KeywordError, matchesFilters, parseKeywords, readList } from "../../../src/services/news/filters.ts";

const item = (title: string, topic?: string, summary?: string) => ({ title, topic, summary });

describe("matchesFilters", () => {
  it("passes everything when the subscriber has no topics and no keywords", () => {
    expect(matchesFilters({ topics: [], keywords: [] }, item("Hội nghị kết nối cung cầu"))).toBe(true);
  });

  it("limits to the chosen topics, ignoring case and diacritics", () => {
    const sub = { topics: ["thong bao"], keywords: [] };
    expect(matchesFilters(sub, item("Lịch cắt điện", "Thông báo"))).toBe(true);
    expect(matchesFilters(sub, item("Lịch cắt điện", "Tin tức"))).toBe(false);
    expect(matchesFilters(sub, item("Lịch cắt điện"))).toBe(false);
  });

  it("needs one include word in the title or summary, matching whole words on folded text", () => {
    const sub = { topics: [], keywords: ["xuất khẩu", "điện"] };
    expect(matchesFilters(sub, item("Kim ngạch XUAT KHAU tăng"))).toBe(true);
    expect(matchesFilters(sub, item("Thông báo", undefined, "Lịch tạm ngưng cung cấp điện"))).toBe(true);
    expect(matchesFilters(sub, item("Hội nghị kết nối cung cầu"))).toBe(false);
    expect(matchesFilters({ topics: [], keywords: ["dien"] }, item("Phát triển điện tử"))).toBe(true);
    expect(matchesFilters({ topics: [], keywords: ["xuat khau"] }, item("Sản xuất công nghiệp, khẩu trang"))).toBe(false);
    expect(matchesFilters({ topics: [], keywords: ["cong ngh"] }, item("Sản xuất công nghiệp"))).toBe(false);
  });

  it("lets an exclusion win over an include word", () => {
    const sub = { topics: [], keywords: ["kiểm tra", "!xăng"] };
    expect(matchesFilters(sub, item("Tăng cường kiểm tra chất lượng xăng dầu"))).toBe(false);
    expect(matchesFilters(sub, item("Kiểm tra an toàn thực phẩm"))).toBe(true);
    expect(matchesFilters({ topics: [], keywords: ["!xăng"] }, item("Hội nghị kết nối cung cầu"))).toBe(true);
  });

  it("treats regular-expression characters in stored keywords as plain text, in linear time", () => {
    const started = performance.now();
    expect(matchesFilters({ topics: [], keywords: ["(a+)+$"] }, item(`${"a".repeat(5000)}!`))).toBe(false);
    expect(matchesFilters({ topics: [], keywords: ["(a+)+$"] }, item("a là gì"))).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("parseKeywords", () => {
  it("splits, tidies and lower-cases what the user typed, keeping diacritics and exclusions", () => {
    expect(parseKeywords("Điện,  xuất   khẩu , !Xăng")).toEqual(["điện", "xuất khẩu", "!xăng"]);
    expect(parseKeywords("điện; dien\nxuất khẩu")).toEqual(["điện", "xuất khẩu"]);
    expect(parseKeywords("  ")).toEqual([]);
  });

  it("accepts text typed in decomposed Unicode", () => {
    expect(parseKeywords("xuất khẩu".normalize("NFD"))).toEqual(["xuất khẩu"]);
  });

  it("rejects anything but letters, digits and spaces, with a message in Vietnamese", () => {
    expect(() => parseKeywords("điện, (a+)+$")).toThrow(KeywordError);
    expect(() => parseKeywords("covid-19")).toThrow(/chỉ dùng chữ, số và khoảng trắng/);
    expect(() => parseKeywords("!")).toThrow(KeywordError);
  });

  it("accepts at most 20 keywords", () => {
    const many = Array.from({ length: 21 }, (_, i) => `từ ${i}`).join(", ");
    expect(() => parseKeywords(many)).toThrow(/Tối đa 20 từ khóa/);
    expect(parseKeywords(many.split(", ").slice(0, 20).join(", "))).toHaveLength(20);
  });
});

describe("readList", () => {
  it("reads the JSON arrays stored on a subscriber and ignores anything else", () => {
    expect(readList('["điện","!xăng"]')).toEqual(["điện", "!xăng"]);
    expect(readList("không phải json")).toEqual([]);
    expect(readList('{"a":1}')).toEqual([]);
  });
});
