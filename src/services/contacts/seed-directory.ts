import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Db } from "../db.ts";
import { phoneNumbersOf, type UnitFields, unitColumns, unitFields } from "./unit-schema.ts";

type UnitEntry = UnitFields & { units?: UnitEntry[] };

// The fields' rules are the console form's too (unit-schema.ts); the file adds the tree.
const unitEntry: z.ZodType<UnitEntry> = z.lazy(() => unitFields.extend({ units: z.array(unitEntry).optional() }));
const directoryFile = z.object({ units: z.array(unitEntry).min(1) });

/** Reads and checks the directory data file; phone lines are split into full numbers here. */
export function readDirectoryFile(file: string): UnitEntry[] {
  const parsed = directoryFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data.units;
}

/**
 * The file's units in pre-order (a parent before its children), numbered here so that each row can
 * name its parent; the directory is replaced whole, so the numbers are free.
 */
function directoryRows(entries: UnitEntry[]) {
  const units: {
    id: number;
    slug: string;
    name: string;
    aliases: string;
    email: string | null;
    address: string | null;
    workingHours: string | null;
    website: string | null;
    position: number;
    parentId: number | null;
  }[] = [];
  const phones: { unitId: number; number: string; position: number }[] = [];
  const add = (entry: UnitEntry, parentId: number | null, position: number): void => {
    const id = units.length + 1;
    units.push({ id, ...unitColumns(entry), position, parentId });
    for (const [i, number] of phoneNumbersOf(entry).entries()) phones.push({ unitId: id, number, position: i });
    for (const [i, child] of (entry.units ?? []).entries()) add(child, id, i);
  };
  for (const [i, entry] of entries.entries()) add(entry, null, i);
  return { units, phones };
}

/**
 * Replaces the directory in the database with the file's content, in one transaction. The rows are
 * built first, so the transaction is four statements, short whatever the directory's size: `npm run
 * seed` may run while the service is writing.
 */
export async function seedDirectory(db: Db, file: string): Promise<number> {
  const { units, phones } = directoryRows(readDirectoryFile(file));
  await db.$transaction(async (tx) => {
    await tx.phone.deleteMany();
    await tx.unit.deleteMany();
    await tx.unit.createMany({ data: units });
    await tx.phone.createMany({ data: phones });
  });
  return units.length;
}
