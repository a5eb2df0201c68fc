import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { type ConsoleHarness, csrfOf, startConsole } from "../../support/console.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The console's directory page against a real SQLite file seeded from data/directory.json: nothing
// without a session, CSRF on every save, a valid edit saved and answered by the bot at once, an
// invalid one refused next to its field with what was typed kept.

const ROOT = "so-cong-thuong-ben-tre";
let temp: TempDb;
let web: ConsoleHarness;
let core: Core;
const logLines: Record<string, unknown>[] = [];
const ask = (text: string) => core.answer({ channel: "cli", userId: "u", chatId: "c", text });

beforeAll(async () => {
  temp = await createTempDb();
  core = await createCore(temp.db);
  // Log lines kept as objects: who changed what.
  const logger = pino({ level: "info", base: undefined }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  web = await startConsole(temp.db, { onDirectoryChanged: () => core.reload(), logger });
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const cookie = await web.signIn();
  return { cookie, csrf: csrfOf(await (await web.get("/console/directory", cookie)).text()) };
}

/** The edit form's fields as the page shows them (the form a browser would send back). */
function formOf(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="(\w+)" name="\w+" type="\w+" value="([^"]*)"/g)) form[m[1]!] = decode(m[2]!);
  for (const m of html.matchAll(/<textarea id="(\w+)"[^>]*>([^<]*)<\/textarea>/g)) form[m[1]!] = decode(m[2]!);
  return form;
}
const decode = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

describe("without a session", () => {
  it("shows no directory data and saves nothing (401)", async () => {
    for (const path of ["/console/directory", `/console/directory/${ROOT}`, "/console/directory/new"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      const html = await res.text();
      expect(html).toContain("Cần đăng nhập");
      expect(html).not.toContain("0275 3822 365");
      expect(html).not.toContain("sct@bentre.gov.vn");
    }
    const post = await web.post(`/console/directory/${ROOT}`, { name: "X", phones: "0275 1111 222" });
    expect(post.status).toBe(401);
    expect((await temp.db.unit.findUnique({ where: { slug: ROOT } }))?.name).toBe("Sở Công Thương tỉnh Bến Tre");
  });
});

describe("signed in", () => {
  it("lists every unit with its phones, e-mail and aliases, and links to its form", async () => {
    const { cookie } = await signIn();
    const res = await web.get("/console/directory", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Danh bạ đơn vị</h1>");
    expect(html).toContain("0275 3822 365");
    expect(html).toContain("0275 3822 251");
    expect(html).toContain("sct@bentre.gov.vn");
    expect(html).toContain("Trung tâm Khuyến công &amp; Xúc tiến thương mại");
    expect(html).toContain(`href="/console/directory/${ROOT}"`);
    expect(html).toContain('href="/console/directory" aria-current="page"');
    expect(html).toContain('href="/console/subscribers"');
  });

  it("refuses a save without the CSRF token or with a wrong one (403) and changes nothing", async () => {
    const { cookie, csrf } = await signIn();
    const form = formOf(await (await web.get(`/console/directory/${ROOT}`, cookie)).text());
    expect((await web.post(`/console/directory/${ROOT}`, { ...form, phones: "0275 1111 222" }, cookie)).status).toBe(403);
    expect((await web.post(`/console/directory/${ROOT}`, { ...form, phones: "0275 1111 222", _csrf: `${csrf.slice(0, -1)}x` }, cookie)).status).toBe(403);
    expect((await temp.db.phone.findMany({ where: { unit: { slug: ROOT } } })).map((p) => p.number)).toEqual(["02753822365", "02753822251"]);
  });

  it("shows a wrong phone line next to its field in Vietnamese (422), keeps what was typed, and saves nothing", async () => {
    const { cookie, csrf } = await signIn();
    const form = formOf(await (await web.get(`/console/directory/${ROOT}`, cookie)).text());
    expect(form).toMatchObject({ name: "Sở Công Thương tỉnh Bến Tre", phones: "0275 3822 365\n0275 3822 251", email: "sct@bentre.gov.vn" });
    const res = await web.post(
      `/console/directory/${ROOT}`,
      { ...form, _csrf: csrf, name: "Sở Công Thương (mới)", phones: "0275 3822 365\n3822 251 <b>", email: "sai-email" },
      cookie,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<title>Lỗi: Sửa thông tin");
    expect(html).toMatch(
      /<p class="error-message" id="phones-error"><span class="visually-hidden">Lỗi: <\/span>&quot;3822251&quot; \(trong &quot;3822 251 &lt;b&gt;&quot;\) không phải số đầy đủ/,
    );
    expect(html).toContain('id="email-error"');
    expect(html).toMatch(/<textarea id="phones" name="phones"[^>]*aria-describedby="phones-hint phones-error" aria-invalid="true">0275 3822 365\n3822 251 &lt;b&gt;<\/textarea>/);
    expect(html).toContain('value="Sở Công Thương (mới)"');
    expect(html).toContain('value="sai-email"');
    expect(html).toContain('<a href="#phones">');
    expect((await temp.db.unit.findUnique({ where: { slug: ROOT } }))?.name).toBe("Sở Công Thương tỉnh Bến Tre");
  });

  it("saves a valid edit (303), changes the database, and the bot answers the new number at once", async () => {
    const { cookie, csrf } = await signIn();
    const form = formOf(await (await web.get(`/console/directory/${ROOT}`, cookie)).text());
    const res = await web.post(`/console/directory/${ROOT}`, { ...form, _csrf: csrf, phones: "0275.3999 888 - 3999 889" }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/directory?saved=${ROOT}`);
    expect((await temp.db.phone.findMany({ where: { unit: { slug: ROOT } }, orderBy: { position: "asc" } })).map((p) => p.number)).toEqual(["02753999888", "02753999889"]);
    const reply = await ask("sdt so cong thuong");
    expect(reply.text).toContain("0275 3999 888");
    expect(reply.text).not.toContain("3822 365");
    const page = await (await web.get(`/console/directory?saved=${ROOT}`, cookie)).text();
    expect(page).toContain('role="status"');
    expect(page).toContain("0275 3999 889");
    expect(logLines).toContainEqual(expect.objectContaining({ event: "console_directory_saved", staff: "telegram:900", unit: ROOT, created: false, changed: ["phones"] }));
    expect(JSON.stringify(logLines)).not.toContain("3999");
  });

  it("adds a unit under the agency, and the bot knows it by name", async () => {
    const { cookie, csrf } = await signIn();
    const blank = await (await web.get("/console/directory/new", cookie)).text();
    expect(blank).toContain('<label for="slug">');
    expect(blank).toContain(`<option value="${ROOT}" selected>`);
    const res = await web.post(
      "/console/directory/new",
      {
        _csrf: csrf,
        slug: "phong-quan-ly-thuong-mai",
        name: "Phòng Quản lý thương mại",
        parentSlug: ROOT,
        phones: "0275 3822 777",
        aliases: "phòng thương mại\nqltm",
        email: "",
        address: "",
        workingHours: "",
        website: "",
      },
      cookie,
    );
    expect(res.status).toBe(303);
    expect((await ask("sdt phòng thương mại")).text).toContain("0275 3822 777");
    const again = await web.post("/console/directory/new", { _csrf: csrf, slug: "phong-quan-ly-thuong-mai", name: "Trùng", parentSlug: ROOT }, cookie);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("Mã đơn vị này đã có");
    const reserved = await web.post("/console/directory/new", { _csrf: csrf, slug: "new", name: "Mới", parentSlug: ROOT }, cookie);
    expect(reserved.status).toBe(422);
    expect(await temp.db.unit.count({ where: { slug: "new" } })).toBe(0);
  });

  it("answers an unknown unit with 404", async () => {
    const { cookie, csrf } = await signIn();
    expect((await web.get("/console/directory/khong-co", cookie)).status).toBe(404);
    expect((await web.get("/console/directory/KHONG%20CO", cookie)).status).toBe(404);
    expect((await web.post("/console/directory/khong-co", { _csrf: csrf, name: "X" }, cookie)).status).toBe(404);
    expect(await temp.db.unit.count({ where: { slug: "khong-co" } })).toBe(0);
  });

  it("removes a unit after a confirmation page, and the bot no longer knows it", async () => {
    const { cookie, csrf } = await signIn();
    const added = await web.post(
      "/console/directory/new",
      { _csrf: csrf, slug: "phong-tam", name: "Phòng Tạm thời", parentSlug: ROOT, phones: "0275 3811 111", aliases: "phòng tạm" },
      cookie,
    );
    expect(added.status).toBe(303);
    expect((await ask("sdt phòng tạm")).text).toContain("0275 3811 111");
    expect(await (await web.get("/console/directory/phong-tam", cookie)).text()).toContain('href="/console/directory/phong-tam/delete"');
    const confirm = await web.get("/console/directory/phong-tam/delete", cookie);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Xóa <strong>Phòng Tạm thời</strong> khỏi danh bạ, cùng 1 số điện thoại");
    expect((await web.post("/console/directory/phong-tam/delete", {}, cookie)).status).toBe(403);
    expect(await temp.db.unit.count({ where: { slug: "phong-tam" } })).toBe(1);
    const res = await web.post("/console/directory/phong-tam/delete", { _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/directory?deleted=${encodeURIComponent("Phòng Tạm thời")}`);
    expect(await temp.db.unit.count({ where: { slug: "phong-tam" } })).toBe(0);
    expect(await temp.db.phone.count({ where: { number: "02753811111" } })).toBe(0);
    expect((await ask("sdt phòng tạm")).text).not.toContain("0275 3811 111");
    expect(await (await web.get(res.headers.get("location")!, cookie)).text()).toContain("Đã xóa <strong>Phòng Tạm thời</strong>");
    expect(logLines).toContainEqual(expect.objectContaining({ event: "console_directory_deleted", staff: "telegram:900", unit: "phong-tam", phones: 1 }));
    expect((await web.post("/console/directory/phong-tam/delete", { _csrf: csrf }, cookie)).status).toBe(404);
  });

  it("refuses to remove the agency or a unit that still has sub-units (409), and removes nothing", async () => {
    const { cookie, csrf } = await signIn();
    expect(await (await web.get(`/console/directory/${ROOT}`, cookie)).text()).not.toContain("/delete");
    const agency = await web.post(`/console/directory/${ROOT}/delete`, { _csrf: csrf }, cookie);
    expect(agency.status).toBe(409);
    expect(await agency.text()).toContain("không xóa được");
    await web.post("/console/directory/new", { _csrf: csrf, slug: "khoi-a", name: "Khối A", parentSlug: ROOT }, cookie);
    await web.post("/console/directory/new", { _csrf: csrf, slug: "to-a1", name: "Tổ A1", parentSlug: "khoi-a" }, cookie);
    const parent = await web.get("/console/directory/khoi-a/delete", cookie);
    expect(parent.status).toBe(409);
    const html = await parent.text();
    expect(html).toContain("còn 1 đơn vị cấp dưới");
    expect(html).toContain("<li>Tổ A1</li>");
    expect(html).not.toContain('action="/console/directory/khoi-a/delete"');
    expect((await web.post("/console/directory/khoi-a/delete", { _csrf: csrf }, cookie)).status).toBe(409);
    expect(await temp.db.unit.count({ where: { slug: { in: [ROOT, "khoi-a", "to-a1"] } } })).toBe(3);
    expect((await web.post("/console/directory/to-a1/delete", { _csrf: csrf }, cookie)).status).toBe(303);
    expect((await web.post("/console/directory/khoi-a/delete", { _csrf: csrf }, cookie)).status).toBe(303);
  });
});
