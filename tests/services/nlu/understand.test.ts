import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createUnderstander } from "../../../src/services/nlu/understand.ts";
import { normalizeWords } from "../../../src/services/nlu/normalize.ts";
import { fold } from "../../../src/services/text/fold.ts";

const training = JSON.parse(readFileSync("data/intents.json", "utf8"));
const rules = JSON.parse(readFileSync("data/keyword-rules.json", "utf8"));
const units = [
  { slug: "so", names: ["Sở Công Thương tỉnh Bến Tre", "Sở Công Thương", "văn phòng sở", "sở ct", "sct"] },
  { slug: "ttkc", names: ["Trung tâm Khuyến công & Xúc tiến thương mại", "trung tâm khuyến công", "xttm", "ttkc", "khuyến công", "xúc tiến thương mại", "trung tâm"] },
];
const understand = createUnderstander({ training, rules, units });

/** The same question as users really type it: accented, unaccented, NFD, shouted. */
function variants(question: string): string[] {
  const bare = fold(question);
  return [question, bare, question.normalize("NFD"), question.toUpperCase(), bare.toUpperCase()];
}

describe("folding Vietnamese", () => {
  it("removes every diacritic, in NFC and NFD, including đ and Ð", () => {
    expect(fold("Sở Công Thương ĐIỆN THOẠI")).toBe("so cong thuong dien thoai");
    expect(fold("Sở Công Thương".normalize("NFD"))).toBe("so cong thuong");
    expect(fold("Ðiện")).toBe("dien");
  });

  it("expands the abbreviations people type", () => {
    expect(normalizeWords("sdt so ct")).toEqual(["so", "dien", "thoai", "so", "cong", "thuong"]);
    expect(normalizeWords("đt sở")).toEqual(["dien", "thoai", "so"]);
    expect(normalizeWords("sdt tt xttm")).toEqual(["so", "dien", "thoai", "trung", "tam", "xuc", "tien", "thuong", "mai"]);
    expect(normalizeWords("mail sct")).toEqual(["email", "so", "cong", "thuong"]);
    expect(normalizeWords("dt ccn")).toEqual(["dien", "tich", "cum", "cong", "nghiep"]);
  });
});

const cases: [string, string, string?][] = [
  ["Cho mình xin số điện thoại của Sở Công Thương", "contact_phone", "so"],
  ["sdt so ct", "contact_phone", "so"],
  ["sở công thương số mấy", "contact_phone", "so"],
  ["hotline sở", "contact_phone"],
  ["tôi muốn gọi cho sở", "contact_phone"],
  ["trung tâm khuyến công số mấy", "contact_phone", "ttkc"],
  ["so dien thoai tt xttm", "contact_phone", "ttkc"],
  ["email của sở là gì", "contact_email"],
  ["cho xin mail sct", "contact_email", "so"],
  ["gửi hồ sơ qua thư điện tử", "contact_email"],
  ["thông tin liên hệ sở công thương", "contact_all", "so"],
  ["liên lạc trung tâm khuyến công thế nào", "contact_all", "ttkc"],
  ["sở công thương ở đâu", "contact_all", "so"],
  ["sở có những đơn vị trực thuộc nào", "unit_list"],
  ["xin chào", "greeting"],
  ["chào bạn nhé", "greeting"],
  ["bạn giúp được gì", "help"],
  ["cảm ơn bạn nhiều", "thanks"],
  ["thời tiết ngày mai thế nào", "out_of_scope"],
  ["giá vàng sjc hôm nay", "out_of_scope"],
  ["kết quả xổ số miền nam", "out_of_scope"],
  ["làm sao gọi được cho sở", "contact_phone"],
  ["số đth sở công thương", "contact_phone", "so"],
  ["cho xin thông tin liên hệ", "contact_all"],
  ["thủ tục cấp giấy phép bán lẻ rượu", "procedure"],
  ["tạm biệt", "thanks"],
  ["trung tâm khuyến công", "contact_all", "ttkc"],
  ["bạn là ai", "help"],
  ["bot ơi", "greeting"],
  ["xổ số bến tre", "out_of_scope"],
  ["cách nấu canh chua", "out_of_scope"],
  ["thời tiết bến tre hôm nay", "out_of_scope"],
];

describe("intent and unit, whatever the spelling", () => {
  for (const [question, intent, unit] of cases) {
    it(`"${question}" → ${intent}${unit ? ` (${unit})` : ""}`, () => {
      for (const text of variants(question)) {
        const u = understand(text);
        expect(u.intent, text).toBe(intent);
        if (unit) expect(u.unitSlug, text).toBe(unit);
      }
    });
  }

  it("repairs a one-letter typo next to a known word", () => {
    expect(understand("so dien thaoi so cong thuong").intent).toBe("contact_phone");
    expect(understand("lien he trung tam khuyen cogn").unitSlug).toBe("ttkc");
    expect(understand("emial so cong thuong").intent).toBe("contact_email");
  });

  it("reads commands and empty messages", () => {
    expect(understand("/start").intent).toBe("help");
    expect(understand("/help@congthuong_bot").intent).toBe("help");
    expect(understand("   ").intent).toBe("empty");
    expect(understand("?!").intent).toBe("empty");
  });
});
