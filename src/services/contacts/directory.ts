import type { Db } from "../db.ts";

/** One unit of the directory as the handlers see it. */
export interface UnitInfo {
  slug: string;
  name: string;
  aliases: string[];
  email: string | null;
  /** Full numbers, digits only. */
  phones: string[];
  address: string | null;
  workingHours: string | null;
  website: string | null;
  parentSlug: string | null;
}

export interface Directory {
  /** The agency itself: the unit without a parent, asked about when a message names no unit. */
  root: UnitInfo;
  units: UnitInfo[];
  bySlug(slug: string | undefined): UnitInfo | undefined;
  childrenOf(slug: string): UnitInfo[];
}

/** Reads the whole directory once; it is small and changes only when staff reload the data file. */
export async function loadDirectory(db: Db): Promise<Directory> {
  const rows = await db.unit.findMany({
    include: { phones: { orderBy: { position: "asc" } }, parent: { select: { slug: true } } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  const units: UnitInfo[] = rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    email: r.email,
    phones: r.phones.map((p) => p.number),
    address: r.address,
    workingHours: r.workingHours,
    website: r.website,
    parentSlug: r.parent?.slug ?? null,
  }));
  const root = units.find((u) => u.parentSlug === null);
  if (!root) throw new Error("the contact directory is empty: run `npm run seed` or check DIRECTORY_FILE");
  return {
    root,
    units,
    bySlug: (slug) => units.find((u) => u.slug === slug),
    childrenOf: (slug) => units.filter((u) => u.parentSlug === slug),
  };
}
