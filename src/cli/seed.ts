// `npm run seed`: reloads the contact directory from DIRECTORY_FILE and (re)stores the sample
// reports listed in SEED_REPORTS. Safe to run while the bot is stopped or running; the running
// bot picks up directory changes at its next start.
import { configFromEnvironment } from "../env.ts";
import { createLogger } from "../services/logger.ts";
import { migrate, openDb } from "../services/db.ts";
import { seedDirectory } from "../services/contacts/seed-directory.ts";
import { seedReports } from "../services/reports/seed-reports.ts";

const config = configFromEnvironment();
const logger = createLogger({ level: "warn", secrets: config.secrets, fd: 2 });
const db = openDb(config.databaseUrl);
try {
  await migrate(db, config.databaseUrl);
  const units = await seedDirectory(db, config.directoryFile);
  const reports = await seedReports(db, config.seedReports, logger);
  console.log(`Đã nạp danh bạ: ${units} đơn vị, từ ${config.directoryFile}.`);
  console.log(`Đã nạp ${reports} báo cáo mẫu, từ ${config.seedReports}.`);
} catch (err) {
  console.error(`Nạp dữ liệu thất bại: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
