import type { Db } from "../db.ts";

// Staff remove a unit from the console's directory page. Removing is refused where it would take
// more than the one unit staff looked at: the agency itself (every answer starts from it), and a
// unit that still has sub-units (the schema would cascade to them silently; staff move or remove
// those first). The caller reloads what answers from the directory once a removal succeeded.

export type DeleteResult =
  | { ok: true; name: string; phones: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "agency"; name: string }
  | { ok: false; reason: "has_children"; name: string; children: string[] };

/** What removing the unit would do, without doing it: the confirmation page shows this. */
export async function checkDelete(db: Db, slug: string): Promise<DeleteResult> {
  const unit = await db.unit.findUnique({
    where: { slug },
    select: { name: true, parentId: true, _count: { select: { phones: true } }, children: { select: { name: true }, orderBy: { position: "asc" } } },
  });
  if (!unit) return { ok: false, reason: "not_found" };
  if (unit.parentId === null) return { ok: false, reason: "agency", name: unit.name };
  if (unit.children.length > 0) return { ok: false, reason: "has_children", name: unit.name, children: unit.children.map((c) => c.name) };
  return { ok: true, name: unit.name, phones: unit._count.phones };
}

/** Removes the unit and its phones in one transaction, after the same checks as `checkDelete`. */
export async function deleteUnit(db: Db, slug: string): Promise<DeleteResult> {
  return db.$transaction(async (tx) => {
    // Checked inside the transaction: a sub-unit added meanwhile keeps its parent.
    const result = await checkDelete(tx as unknown as Db, slug);
    if (result.ok) await tx.unit.delete({ where: { slug } });
    return result;
  });
}
