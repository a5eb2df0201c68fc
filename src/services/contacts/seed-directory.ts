import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Db } from "../db.ts";
import { parsePhoneLine } from "./phones.ts";

interface UnitEntry {
  slug: string;
  name: string;
  aliases?: string[];
  email?: string | null;
  phones?: string[];
  address?: string | null;
  workingHours?: string | null;
  website?: string | null;
  units?: UnitEntry[];
}

const unitEntry: z.ZodType<UnitEntry> = z.lazy(() =>
  z.object({
    slug: z.string().regex(/^[a-z0-9-]+$/, "slug: lower-case letters, digits and -"),
    name: z.string().min(1),
    aliases: z.array(z.string()).optional(),
    email: z.string().email().nullish(),
    phones: z.array(z.string()).optional(),
    address: z.string().nullish(),
    workingHours: z.string().nullish(),
    website: z.string().url().nullish(),
    units: z.array(unitEntry).optional(),
  }),
);
const directoryFile = z.object({ units: z.array(unitEntry).min(1) });

/** Reads and checks the directory data file; phone lines are split into full numbers here. */
export function readDirectoryFile(file: string): UnitEntry[] {
  const parsed = directoryFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data.units;
}

/** Replaces the directory in the database with the file's content, in one transaction. */
export async function seedDirectory(db: Db, file: string): Promise<number> {
  const entries = readDirectoryFile(file);
  let count = 0;
  await db.$transaction(async (tx) => {
    await tx.phone.deleteMany();
    await tx.unit.deleteMany();
    const insert = async (entry: UnitEntry, parentId: number | null, position: number): Promise<void> => {
      const unit = await tx.unit.create({
        data: {
          slug: entry.slug,
          name: entry.name.normalize("NFC"),
          aliases: JSON.stringify((entry.aliases ?? []).map((a) => a.normalize("NFC"))),
          email: entry.email ?? null,
          address: entry.address ?? null,
          workingHours: entry.workingHours ?? null,
          website: entry.website ?? null,
          position,
          parentId,
          phones: { create: (entry.phones ?? []).flatMap(parsePhoneLine).map((number, i) => ({ number, position: i })) },
        },
      });
      count += 1;
      for (const [i, child] of (entry.units ?? []).entries()) await insert(child, unit.id, i);
    };
    for (const [i, entry] of entries.entries()) await insert(entry, null, i);
  });
  return count;
}
