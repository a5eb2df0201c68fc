import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import { renderForZalo } from "../../src/bot/zalo/render.ts";
import { formatPhone, internationalPhone, nationalPhone, parsePhoneLine } from "../../src/services/contacts/phones.ts";
import { readDirectoryFile } from "../../src/services/contacts/seed-directory.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

describe("phone numbers as the agency prints them", () => {
  it("splits a shared-area-code line into two full numbers", () => {
    expect(parsePhoneLine("0275.3822 365- 3822 251")).toEqual(["02753822365", "02753822251"]);
    expect(parsePhoneLine("0275.6281888 - 0275.3822403")).toEqual(["02756281888", "02753822403"]);
    expect(parsePhoneLine("024 3825 1234 – 3825 5678")).toEqual(["02438251234", "02438255678"]);
    expect(parsePhoneLine("0912 345 678; 1800 1234")).toEqual(["0912345678", "18001234"]);
  });

  it("refuses a cut-off number that has no area code before it", () => {
    expect(() => parsePhoneLine("3822 251")).toThrow(/not a full phone number/);
  });

  it("groups digits for reading and gives the international form for cards", () => {
    expect(formatPhone("02753822365")).toBe("0275 3822 365");
    expect(formatPhone("02438251234")).toBe("024 3825 1234");
    expect(formatPhone("0912345678")).toBe("0912 345 678");
    expect(internationalPhone("02753822365")).toBe("+842753822365");
  });

  it("reads the +84 and the 0 form as the same number", () => {
    for (const written of ["+842753822365", "+84 275 3822 365", "0084 275 3822 365", "842753822365", "0275.3822 365"]) expect(nationalPhone(written), written).toBe("02753822365");
    expect(nationalPhone("+84 912 345 678")).toBe("0912345678");
    expect(nationalPhone("1800 1234")).toBe("18001234");
    expect(nationalPhone(internationalPhone("02438251234"))).toBe("02438251234");
  });

  it("reads the shipped directory file", () => {
    const [agency] = readDirectoryFile("data/directory.json");
    expect(agency.email).toBe("sct@bentre.gov.vn");
    expect(agency.units?.[0].name).toMatch(/^Trung tâm Khuyến công/);
  });
});

describe("contact replies", () => {
  let temp: TempDb;
  let core: Core;
  const ask = (text: string) => core.answer({ channel: "cli", userId: "u", chatId: "c", text });
  const digits = (s: string) => s.replace(/\D/g, "");

  beforeAll(async () => {
    temp = await createTempDb();
    core = await createCore(temp.db);
  });
  afterAll(() => temp?.cleanup());

  it("gives both of the department's numbers in full, never the cut-off half", async () => {
    for (const q of ["cho xin sdt sở công thương", "SỐ ĐIỆN THOẠI SỞ", "so dien thoai thu hai cua so"]) {
      const reply = await ask(q);
      expect(reply.intent, q).toBe("contact_phone");
      expect(reply.text).toContain("0275 3822 365");
      expect(reply.text).toContain("0275 3822 251");
      expect(reply.text).not.toMatch(/(?<!0275 )3822 251/);
      expect(reply.contacts?.map((c) => c.phoneNumber)).toEqual(["+842753822365", "+842753822251"]);
    }
  });

  it("lists each number once when the reply is rendered for Zalo", async () => {
    const rendered = renderForZalo(await ask("sdt so cong thuong"));
    const numbers = [...rendered.matchAll(/\+?\d[\d .]{7,}\d/g)].map((m) => nationalPhone(m[0]));
    expect(numbers.sort()).toEqual(["02753822251", "02753822365"]);
    expect(rendered).not.toContain("+84");
  });

  it("offers the subordinate unit as a quick reply that leads to its numbers", async () => {
    const reply = await ask("sdt so ct");
    const button = reply.buttons!.find((b) => b.label.includes("Khuyến công"))!;
    const unit = await ask(button.text);
    expect(digits(unit.text)).toContain("02756281888");
    expect(digits(unit.text)).toContain("02753822403");
    expect(digits(unit.text)).not.toContain("02753822365");
  });

  it("gives the e-mail, and says so when a unit has none of its own", async () => {
    expect((await ask("mail so cong thuong")).text).toContain("sct@bentre.gov.vn");
    const unit = await ask("email trung tâm khuyến công");
    expect(unit.text).toMatch(/chưa có email riêng/);
    expect(unit.text).toContain("sct@bentre.gov.vn");
  });

  it("lists everything on record, and says what is not on record when asked", async () => {
    const all = await ask("thông tin liên hệ sở công thương");
    expect(all.text).toContain("0275 3822 365");
    expect(all.text).toContain("sct@bentre.gov.vn");
    expect(all.text).toContain("Trung tâm Khuyến công & Xúc tiến thương mại");
    expect((await ask("địa chỉ sở công thương ở đâu")).text).toMatch(/chưa có địa chỉ/);
  });

  it("introduces itself as automated and never guesses outside its scope", async () => {
    const hello = await ask("xin chào");
    expect(hello.text).toMatch(/trợ lý tự động/);
    expect(hello.buttons?.length).toBeGreaterThan(2);
    for (const q of ["hôm nay ăn gì", "tỷ giá đô la hôm nay", "giá vàng", "aaaaaa bbbb"]) {
      const reply = await ask(q);
      expect(reply.intent, q).toBe("out_of_scope");
      expect(digits(reply.text), q).toBe("");
    }
  });

  it("says so when asked about a unit the directory does not have, then gives the agency's contacts", async () => {
    const reply = await ask("số điện thoại phòng quản lý công nghiệp");
    expect(reply.text).toMatch(/^Danh bạ chưa có riêng đơn vị bạn hỏi/);
    expect(reply.text).toContain("0275 3822 365");
    expect((await ask("sdt văn phòng sở")).text).not.toMatch(/chưa có riêng/);
  });

  it("says what it does not have (a fax number) and sends procedures to people", async () => {
    expect((await ask("số fax của sở")).text).toMatch(/chưa có số fax/);
    const procedure = await ask("thủ tục xin giấy phép kinh doanh rượu");
    expect(procedure.text).toMatch(/chưa hướng dẫn được thủ tục hành chính/);
    expect(procedure.text).toContain("0275 3822 365");
    expect(procedure.text).toContain("sct@bentre.gov.vn");
  });

  it("answers empty and huge messages clearly", async () => {
    expect((await ask("")).intent).toBe("empty");
    const huge = await ask("số điện thoại ".repeat(500));
    expect(huge.intent).toBe("too_long");
    expect(huge.text).toMatch(/dài quá/);
  });
});
