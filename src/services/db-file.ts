// The database holds the Zalo OA access and refresh tokens, so it and its companions are readable
// by the service's user only. SQLite creates its -wal, -shm and -journal files with the mode of the
// database file (it fchmods them after creating them, whatever the umask; tests/services/db/file-mode.test.ts
// checks it), so the main file's mode is what matters. Companions left by an earlier run, from
// before this was in place, are fixed at open.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";

export const DB_FILE_MODE = 0o600;
export const DB_DIR_MODE = 0o700;
const COMPANIONS = ["-wal", "-shm", "-journal"];

function restrict(file: string): void {
  try {
    chmodSync(file, DB_FILE_MODE);
  } catch (err) {
    // A file owned by another user cannot be changed by us; it stays as its owner set it.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") throw err;
  }
}

/** Creates the database file (and its folder) private, or makes an existing one private. */
export function prepareDbFile(file: string): void {
  // `mode` applies to each folder this creates; a folder that already exists is left as it is.
  mkdirSync(path.dirname(file), { recursive: true, mode: DB_DIR_MODE });
  // Created here rather than by SQLite, which would use 0644 (less the umask).
  closeSync(openSync(file, "a", DB_FILE_MODE));
  restrict(file);
  for (const suffix of COMPANIONS) if (existsSync(file + suffix)) restrict(file + suffix);
}
