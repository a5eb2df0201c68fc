import type { Unit } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { loadDirectory, type UnitInfo } from "./directory.ts";
import { phoneNumbersOf, unitColumns, unitFields } from "./unit-schema.ts";

// Staff edit the directory one unit at a time (the console's directory page): the same rules as the
// data file (unit-schema.ts), plus the tree's own (a known parent, no loop, one agency at the top).
// The caller reloads what answers from the directory once a save succeeded.

/** A unit as the form sends it, already tidied: trimmed, empty fields null, one alias or phone line per entry. */
export interface UnitInput extends Omit<UnitInfo, "phones"> {
  /** Phone lines as typed ("0275 3822 365 - 3822 251"), checked and split when saved. */
  phones: string[];
}

export type UnitField = keyof UnitInput;

export type SaveResult = { ok: true; slug: string; created: boolean; changed: UnitField[] } | { ok: false; notFound?: true; errors: Partial<Record<UnitField, string>> };

/** The form's values for a unit as stored: phone numbers written as people read them. */
export function inputOf(unit: UnitInfo, formatPhone: (digits: string) => string): UnitInput {
  return {
    slug: unit.slug,
    name: unit.name,
    aliases: unit.aliases,
    email: unit.email,
    phones: unit.phones.map(formatPhone),
    address: unit.address,
    workingHours: unit.workingHours,
    website: unit.website,
    parentSlug: unit.parentSlug,
  };
}

/** Checks a unit's own fields as the data file's loader does; the first problem of each field. */
export function fieldErrors(input: UnitInput): Partial<Record<UnitField, string>> {
  const parsed = unitFields.safeParse(input);
  const errors: Partial<Record<UnitField, string>> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as UnitField;
    errors[field] ??= issue.message;
  }
  return errors;
}

class Refused extends Error {
  constructor(readonly result: SaveResult & { ok: false }) {
    super("refused");
  }
}

/**
 * Creates the unit (`create`) or updates the one with `input.slug`, with its phones, in one
 * transaction; or says what is wrong with the input, field by field, and changes nothing.
 */
export async function saveUnit(db: Db, input: UnitInput, { create }: { create: boolean }): Promise<SaveResult> {
  const errors = fieldErrors(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const columns = unitColumns(input);
  const numbers = phoneNumbersOf(input);
  const refuse = (field: UnitField, message: string): never => {
    throw new Refused({ ok: false, errors: { [field]: message } });
  };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.unit.findUnique({ where: { slug: input.slug }, include: { parent: { select: { slug: true } } } });
      if (create && existing) refuse("slug", "Mã đơn vị này đã có: hãy chọn mã khác.");
      if (!create && !existing) throw new Refused({ ok: false, notFound: true, errors: {} });
      const parent = input.parentSlug ? await tx.unit.findUnique({ where: { slug: input.parentSlug }, select: { id: true } }) : null;
      if (input.parentSlug && !parent) refuse("parentSlug", "Đơn vị cấp trên không có trong danh bạ.");
      if (existing) {
        // The agency stays at the top; any other unit stays under one, and never under itself.
        if (existing.parentId === null && input.parentSlug) refuse("parentSlug", "Cơ quan chủ quản (đơn vị cấp cao nhất) không thuộc đơn vị nào.");
        if (existing.parentId !== null && !parent) refuse("parentSlug", "Hãy chọn đơn vị cấp trên.");
        if (parent && (await isWithin(tx, parent.id, existing.id))) refuse("parentSlug", "Không thể đặt một đơn vị dưới chính nó hoặc dưới đơn vị cấp dưới của nó.");
        const before = inputOfRow(
          existing,
          (await tx.phone.findMany({ where: { unitId: existing.id }, orderBy: { position: "asc" } })).map((p) => p.number),
        );
        const moved = existing.parent?.slug !== (input.parentSlug ?? undefined);
        const position = moved && parent ? await nextPosition(tx, parent.id) : existing.position;
        await tx.unit.update({ where: { id: existing.id }, data: { ...columns, parentId: parent?.id ?? null, position } });
        await tx.phone.deleteMany({ where: { unitId: existing.id } });
        await tx.phone.createMany({ data: numbers.map((number, i) => ({ unitId: existing.id, number, position: i })) });
        const after = inputOfRow({ ...columns, parent: input.parentSlug ? { slug: input.parentSlug } : null }, numbers);
        const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
        return { ok: true as const, slug: input.slug, created: false, changed };
      }
      if (!parent) refuse("parentSlug", "Hãy chọn đơn vị cấp trên.");
      const unit = await tx.unit.create({ data: { ...columns, parentId: parent!.id, position: await nextPosition(tx, parent!.id) } });
      await tx.phone.createMany({ data: numbers.map((number, i) => ({ unitId: unit.id, number, position: i })) });
      return { ok: true as const, slug: input.slug, created: true, changed: ["name" as const] };
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    throw err;
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Whether unit `id` is `ancestorId` or lies under it. */
async function isWithin(tx: Tx, id: number, ancestorId: number): Promise<boolean> {
  for (let at: number | null = id, steps = 0; at !== null && steps < 1000; steps++) {
    if (at === ancestorId) return true;
    at = (await tx.unit.findUnique({ where: { id: at }, select: { parentId: true } }))?.parentId ?? null;
  }
  return false;
}

async function nextPosition(tx: Tx, parentId: number): Promise<number> {
  const last = await tx.unit.aggregate({ where: { parentId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

/** A stored row in the shape of the input, to tell which fields a save changed (for the log). */
function inputOfRow(
  row: Pick<Unit, "name" | "aliases" | "email" | "address" | "workingHours" | "website"> & { parent: { slug: string } | null },
  phones: string[],
): Omit<UnitInput, "slug"> {
  return {
    name: row.name,
    aliases: JSON.parse(row.aliases) as string[],
    email: row.email,
    phones,
    address: row.address,
    workingHours: row.workingHours,
    website: row.website,
    parentSlug: row.parent?.slug ?? null,
  };
}

/** The directory as the console lists it: every unit, parents before children, with its depth. */
export async function listUnits(db: Db): Promise<(UnitInfo & { depth: number })[]> {
  const directory = await loadDirectory(db);
  const out: (UnitInfo & { depth: number })[] = [];
  const walk = (unit: UnitInfo, depth: number) => {
    out.push({ ...unit, depth });
    for (const child of directory.childrenOf(unit.slug)) walk(child, depth + 1);
  };
  for (const top of directory.units.filter((u) => u.parentSlug === null)) walk(top, 0);
  return out;
}
