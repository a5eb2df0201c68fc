import express, { type Request, type Response, type Router } from "express";
import { formatPhone } from "../../services/contacts/phones.ts";
import { inputOf, listUnits, saveUnit, type UnitField, type UnitInput } from "../../services/contacts/edit-unit.ts";
import { SLUG_PATTERN } from "../../services/contacts/unit-schema.ts";
import { checkDelete, deleteUnit, type DeleteResult } from "../../services/contacts/delete-unit.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { MESSAGES, sendMessage } from "./messages.ts";
import { signedInOf } from "./session.ts";
import { renderPage } from "./views.ts";

// The directory page (/console/directory): every unit with its contacts, a form per unit and one to
// add a unit. The rules are the data file's (services/contacts/unit-schema.ts); a save is one
// transaction, then `onDirectoryChanged` makes the bot answer from the new data before the redirect.

export interface DirectoryPageOptions {
  db: Db;
  base: string;
  logger: Logger;
  /** Reloads what answers from the directory; awaited before the page says "saved". */
  onDirectoryChanged: () => Promise<void>;
}

/** The order of the form's fields, for the error summary. */
const FIELD_ORDER: UnitField[] = ["slug", "name", "parentSlug", "phones", "email", "address", "workingHours", "website", "aliases"];

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");
const orNull = (value: unknown): string | null => text(value) || null;
const lines = (value: unknown): string[] =>
  text(value)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The form's values, tidied: trimmed, empty fields null, one alias or phone line per line. */
export function inputFromForm(body: Record<string, unknown>, slug: string | null, parentSlug: string | null): UnitInput {
  return {
    slug: slug ?? text(body.slug),
    name: text(body.name),
    aliases: lines(body.aliases),
    email: orNull(body.email),
    phones: lines(body.phones),
    address: orNull(body.address),
    workingHours: orNull(body.workingHours),
    website: orNull(body.website),
    parentSlug,
  };
}

export function directoryPages({ db, base, logger, onDirectoryChanged }: DirectoryPageOptions): Router {
  const router = express.Router();
  const page = (res: Response) => {
    const { session } = signedInOf(res);
    return { base, staffId: session.staffId, csrf: session.csrfToken, current: "directory" as const };
  };

  async function renderForm(res: Response, status: number, input: UnitInput, mode: "new" | "edit", errors: Partial<Record<UnitField, string>> = {}) {
    const units = await listUnits(db);
    const isRoot = mode === "edit" && input.parentSlug === null;
    // A unit cannot go under itself or a unit below it.
    const below = new Set<string>();
    if (mode === "edit") for (const u of units) if (u.slug === input.slug || (u.parentSlug && below.has(u.parentSlug))) below.add(u.slug);
    const parents = units.filter((u) => !below.has(u.slug));
    const summary = FIELD_ORDER.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
    const name = units.find((u) => u.slug === input.slug)?.name ?? input.name;
    const title = mode === "new" ? "Thêm đơn vị" : `Sửa thông tin: ${name}`;
    renderPage(res, status, "./unit-form", {
      ...page(res),
      title: summary.length > 0 ? `Lỗi: ${title}` : title,
      heading: title,
      mode,
      isRoot,
      input,
      errors,
      summary,
      parents,
      action: mode === "new" ? `${base}/directory/new` : `${base}/directory/${input.slug}`,
    });
  }

  router.get("/", async (req, res) => {
    const units = await listUnits(db);
    const saved = typeof req.query.saved === "string" ? units.find((u) => u.slug === req.query.saved) : undefined;
    // The removed unit's name comes back in the address only to be shown, escaped, in the notice.
    const deleted = typeof req.query.deleted === "string" ? req.query.deleted.slice(0, 200) : null;
    renderPage(res, 200, "./directory", { ...page(res), title: "Danh bạ đơn vị", units, saved: saved ?? null, deleted, formatPhone });
  });

  router.get("/new", async (_req, res) => {
    const units = await listUnits(db);
    const empty: UnitInput = { slug: "", name: "", aliases: [], email: null, phones: [], address: null, workingHours: null, website: null, parentSlug: units[0]?.slug ?? null };
    await renderForm(res, 200, empty, "new");
  });

  router.get("/:slug", async (req, res) => {
    const unit = SLUG_PATTERN.test(req.params.slug) ? (await listUnits(db)).find((u) => u.slug === req.params.slug) : undefined;
    if (!unit) return notFound(res);
    await renderForm(res, 200, inputOf(unit, formatPhone), "edit");
  });

  async function save(req: Request, res: Response, mode: "new" | "edit") {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const slug = mode === "edit" ? String(req.params.slug) : null;
    let parentSlug = orNull(body.parentSlug);
    if (mode === "edit") {
      const unit = SLUG_PATTERN.test(slug!) ? (await listUnits(db)).find((u) => u.slug === slug) : undefined;
      if (!unit) return notFound(res);
      // The agency's form has no parent field: it stays at the top.
      if (unit.parentSlug === null) parentSlug = null;
    }
    const input = inputFromForm(body, slug, parentSlug);
    // "/directory/new" is the form that adds a unit: no unit may take its address.
    if (mode === "new" && input.slug === "new") return renderForm(res, 422, input, mode, { slug: "Mã “new” được dùng cho trang thêm đơn vị: hãy chọn mã khác." });
    const result = await saveUnit(db, input, { create: mode === "new" });
    if (!result.ok) {
      if (result.notFound) return notFound(res);
      return renderForm(res, 422, input, mode, result.errors);
    }
    const { session } = signedInOf(res);
    logger.info(
      { event: "console_directory_saved", staff: session.staffId, unit: result.slug, created: result.created, changed: result.changed },
      result.created ? "staff added a unit to the directory" : "staff edited a unit of the directory",
    );
    await onDirectoryChanged();
    res.redirect(303, `${base}/directory?saved=${encodeURIComponent(result.slug)}`);
  }

  router.get("/:slug/delete", async (req, res) => {
    const check: DeleteResult = SLUG_PATTERN.test(req.params.slug) ? await checkDelete(db, req.params.slug) : { ok: false, reason: "not_found" };
    if (!check.ok && check.reason === "not_found") return notFound(res);
    const heading = `Xóa đơn vị: ${check.name}`;
    renderPage(res, check.ok ? 200 : 409, "./unit-delete", { ...page(res), title: heading, heading, slug: req.params.slug, check });
  });

  router.post("/:slug/delete", async (req, res) => {
    const slug = req.params.slug;
    const result: DeleteResult = SLUG_PATTERN.test(slug) ? await deleteUnit(db, slug) : { ok: false, reason: "not_found" };
    if (!result.ok && result.reason === "not_found") return notFound(res);
    if (!result.ok) return renderPage(res, 409, "./unit-delete", { ...page(res), title: `Xóa đơn vị: ${result.name}`, heading: `Xóa đơn vị: ${result.name}`, slug, check: result });
    const { session } = signedInOf(res);
    logger.info({ event: "console_directory_deleted", staff: session.staffId, unit: slug, phones: result.phones }, "staff removed a unit from the directory");
    await onDirectoryChanged();
    res.redirect(303, `${base}/directory?deleted=${encodeURIComponent(result.name)}`);
  });

  router.post("/new", (req, res) => save(req, res, "new"));
  router.post("/:slug", (req, res) => save(req, res, "edit"));

  function notFound(res: Response) {
    const { session } = signedInOf(res);
    sendMessage(res, base, MESSAGES.notFound, { staffId: session.staffId, csrf: session.csrfToken });
  }

  return router;
}
