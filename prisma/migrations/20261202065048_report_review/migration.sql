-- Staff review of reports and figures (console /console/reports). Plain added columns: SQLite adds
-- them without copying the tables.
ALTER TABLE "Report" ADD COLUMN "awaitingReview" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Report" ADD COLUMN "reviewedBy" TEXT;
ALTER TABLE "Report" ADD COLUMN "reviewedAt" DATETIME;
ALTER TABLE "Figure" ADD COLUMN "hidden" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Figure" ADD COLUMN "originalValue" TEXT;
ALTER TABLE "Figure" ADD COLUMN "correctedBy" TEXT;
ALTER TABLE "Figure" ADD COLUMN "correctedAt" DATETIME;
