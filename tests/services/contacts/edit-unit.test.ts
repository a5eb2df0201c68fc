import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { fieldErrors, listUnits, saveUnit, type UnitInput } from "../../../src/services/contacts/edit-unit.ts";
import { readDirectoryFile } from "../../../src/services/contacts/seed-directory.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// Editing the directory one unit at a time (the console's directory page), on a real SQLite file
// seeded from data/directory.json: the data file's rules, the tree's, one transaction, and the core
// answering from the new data once reloaded.

const ROOT = "so-cong-thuong-ben-tre";
const CENTRE = "trung-tam-khuyen-cong-xttm";

let temp: TempDb;
let core: Core;
const ask = (text: string) => core.answer({ channel: "cli", userId: "u", chatId: "c", text });

beforeAll(async () => {
  temp = await createTempDb();
  core = await createCore(temp.db);
});
afterAll(() => temp?.cleanup());

async function current(slug: string): Promise<UnitInput> {
  const unit = (await listUnits(temp.db)).find((u) => u.slug === slug)!;
  return { ...unit, phones: [...unit.phones] };
}

describe("the rules, shared with the data file", () => {
  const valid: UnitInput = { slug: "x", name: "Phòng X", aliases: [], email: null, phones: [], address: null, workingHours: null, website: null, parentSlug: ROOT };

  it("accepts what the data file accepts", () => {
    expect(fieldErrors({ ...valid, phones: ["0275.3822 365- 3822 251", "0912 345 678; 1800 1234"], email: "a@b.vn", website: "https://sct.bentre.gov.vn" })).toEqual({});
  });

  it("says in Vietnamese, per field, what is wrong", () => {
    const errors = fieldErrors({ ...valid, slug: "Phòng X", name: "", email: "not-an-email", phones: ["0275 3822 365", "3822 251"], website: "sct.gov.vn" });
    expect(errors.slug).toMatch(/chữ thường không dấu/);
    expect(errors.name).toBe("Tên đơn vị không được để trống.");
    expect(errors.email).toMatch(/^Email không hợp lệ/);
    expect(errors.phones).toMatch(/"3822251" \(trong "3822 251"\) không phải số đầy đủ/);
    expect(errors.website).toMatch(/https:\/\//);
    expect(fieldErrors({ ...valid, phones: ["gọi tổng đài"] }).phones).toMatch(/không có số điện thoại nào/);
  });

  it("are the data file's loader's: a file with a cut-off number is refused with the same message", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ct-dir-"));
    try {
      const file = path.join(dir, "directory.json");
      writeFileSync(file, JSON.stringify({ units: [{ slug: "a", name: "A", phones: ["3822 251"] }] }));
      expect(() => readDirectoryFile(file)).toThrow(/units\.0\.phones\.0: "3822251" \(trong "3822 251"\) không phải số đầy đủ/);
      writeFileSync(file, JSON.stringify({ units: [{ slug: "A b", name: "A" }] }));
      expect(() => readDirectoryFile(file)).toThrow(/units\.0\.slug: Mã đơn vị chỉ gồm/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("saving a unit", () => {
  it("updates a unit and its phones in the database, says what changed, and the bot answers the new number once reloaded", async () => {
    expect((await ask("sdt so cong thuong")).text).toContain("0275 3822 365");
    const before = await current(ROOT);
    const result = await saveUnit(temp.db, { ...before, phones: ["0275 3999 888"], address: "126A Nguyễn Thị Định, Bến Tre" }, { create: false });
    expect(result).toEqual({ ok: true, slug: ROOT, created: false, changed: ["phones", "address"] });
    const phones = await temp.db.phone.findMany({ where: { unit: { slug: ROOT } } });
    expect(phones.map((p) => p.number)).toEqual(["02753999888"]);
    // The core still holds the old directory until it is told.
    expect((await ask("sdt so cong thuong")).text).toContain("0275 3822 365");
    await core.reload();
    const reply = await ask("sdt so cong thuong");
    expect(reply.text).toContain("0275 3999 888");
    expect(reply.text).not.toContain("3822 365");
    expect(core.directory.root.address).toBe("126A Nguyễn Thị Định, Bến Tre");
  });

  it("changes nothing when a field is wrong", async () => {
    const before = await current(CENTRE);
    const result = await saveUnit(temp.db, { ...before, name: "Tên mới", phones: ["0275 6281 888", "3822"] }, { create: false });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.errors.phones).toMatch(/không phải số đầy đủ/);
    expect(await current(CENTRE)).toEqual(before);
  });

  it("adds a unit under a parent, and the bot knows it by its name and aliases once reloaded", async () => {
    const input: UnitInput = {
      slug: "phong-quan-ly-thuong-mai",
      name: "Phòng Quản lý thương mại",
      aliases: ["phòng thương mại", "QLTM"],
      email: "qltm@bentre.gov.vn",
      phones: ["0275 3822 999"],
      address: null,
      workingHours: null,
      website: null,
      parentSlug: ROOT,
    };
    expect(await saveUnit(temp.db, input, { create: true })).toMatchObject({ ok: true, created: true });
    await core.reload();
    expect(core.directory.childrenOf(ROOT).map((u) => u.slug)).toEqual([CENTRE, "phong-quan-ly-thuong-mai"]);
    const reply = await ask("số điện thoại phòng thương mại");
    expect(reply.text).toContain("0275 3822 999");
    expect(reply.text).toContain("Phòng Quản lý thương mại");
    // The same slug twice is refused, on the slug field.
    expect(await saveUnit(temp.db, { ...input, name: "Khác" }, { create: true })).toEqual({ ok: false, errors: { slug: "Mã đơn vị này đã có: hãy chọn mã khác." } });
  });

  it("keeps the tree whole: a known parent, no loop, the agency at the top", async () => {
    const centre = await current(CENTRE);
    expect(await saveUnit(temp.db, { ...centre, parentSlug: "khong-co" }, { create: false })).toMatchObject({
      ok: false,
      errors: { parentSlug: expect.stringMatching(/không có trong danh bạ/) },
    });
    expect(await saveUnit(temp.db, { ...centre, parentSlug: CENTRE }, { create: false })).toMatchObject({
      ok: false,
      errors: { parentSlug: expect.stringMatching(/dưới chính nó/) },
    });
    expect(await saveUnit(temp.db, { ...centre, parentSlug: null }, { create: false })).toMatchObject({ ok: false, errors: { parentSlug: "Hãy chọn đơn vị cấp trên." } });
    const root = await current(ROOT);
    expect(await saveUnit(temp.db, { ...root, parentSlug: CENTRE }, { create: false })).toMatchObject({ ok: false, errors: { parentSlug: expect.stringMatching(/cấp cao nhất/) } });
    expect(await saveUnit(temp.db, { ...centre, slug: "khong-co" }, { create: false })).toEqual({ ok: false, notFound: true, errors: {} });
    expect(await current(CENTRE)).toEqual(centre);
  });

  it("serialises reloads: the last one started wins", async () => {
    const centre = await current(CENTRE);
    await saveUnit(temp.db, { ...centre, email: "a@bentre.gov.vn" }, { create: false });
    const first = core.reload();
    await saveUnit(temp.db, { ...centre, email: "b@bentre.gov.vn" }, { create: false });
    const second = core.reload();
    await Promise.all([first, second]);
    expect(core.directory.bySlug(CENTRE)?.email).toBe("b@bentre.gov.vn");
  });
});
