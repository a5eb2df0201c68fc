import path from "node:path";

/** Turns a Prisma-style `file:` URL into a filesystem path, relative to the working directory. */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must start with "file:" (got "${url.split(":")[0]}:")`);
  const file = url.slice("file:".length).split("?")[0];
  if (!file) throw new Error("DATABASE_URL names no file");
  return file === ":memory:" ? file : path.resolve(file);
}
