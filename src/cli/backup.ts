// `npm run backup`: a consistent copy of the database into BACKUP_DIR, keeping BACKUP_KEEP_DAYS days.
// Safe while the service runs. Restore: stop the service, copy a backup over DATABASE_URL's file
// (and delete its -wal and -shm files), start the service.
import { configFromEnvironment } from "../env.ts";
import { backupDatabase } from "../services/backup.ts";
import { openDb } from "../services/db.ts";

const config = configFromEnvironment();
const db = openDb(config.databaseUrl);
try {
  const { file, bytes, removed } = await backupDatabase(db, { dir: config.backup.dir, keepDays: config.backup.keepDays });
  console.log(`Đã sao lưu cơ sở dữ liệu: ${file} (${Math.round(bytes / 1024)} KB).`);
  if (removed.length > 0) console.log(`Đã xóa ${removed.length} bản sao lưu cũ hơn ${config.backup.keepDays} ngày.`);
} catch (err) {
  console.error(`Sao lưu thất bại: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
