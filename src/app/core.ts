import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createAnswer } from "../handlers/answer.ts";
import type { AnswerFn } from "../handlers/types.ts";
import type { Db } from "../services/db.ts";
import { migrate } from "../services/db.ts";
import { loadDirectory, type Directory } from "../services/contacts/directory.ts";
import { seedDirectory } from "../services/contacts/seed-directory.ts";
import { FIGURE_VOCABULARY } from "../services/figures/indicators.ts";
import { createUnderstander, type KeywordRules, type TrainingData } from "../services/nlu/understand.ts";
import { loadRuleList, type RuleList, syncFileRules } from "../services/nlu/rule-store.ts";
import { createQuestionLog } from "../services/questions/record.ts";
import { recordingUnanswered } from "./record-unanswered.ts";
import { createFigureAnswerer } from "../handlers/figures.ts";
import { createLinkIngest, type IngestLinkFn, linkIngestion } from "../handlers/ingest-link.ts";
import { createFileIngest, type IngestFileFn } from "../handlers/ingest-file.ts";
import { extractFacts } from "../services/figures/extract.ts";
import { fetchPage as fetchPageOverHttp, type FetchedPage } from "../services/reports/fetch-page.ts";
import { createLogger, type Logger } from "../services/logger.ts";
import { PROJECT_ROOT } from "../project-root.ts";

const root = PROJECT_ROOT;
export const INTENTS_FILE = path.join(root, "data", "intents.json");
export const KEYWORD_RULES_FILE = path.join(root, "data", "keyword-rules.json");

export interface Core {
  answer: AnswerFn;
  /** The directory the answers use now: replaced, not changed, by `reload`. */
  readonly directory: Directory;
  /**
   * Reads the directory and the keyword rules from the database again (after staff edited them in
   * the console) and answers every later message from them: contacts, the unit names and the
   * phrases the understanding knows.
   */
  reload(): Promise<void>;
  /** Resolves when the unanswered questions seen so far are stored (they are written in the background). */
  questionsRecorded(): Promise<void>;
  /** The report ingestion the chat uses, for the staff console's upload form (staff reports: authoritative). */
  readonly reports: { ingestFile: IngestFileFn; ingestLink: IngestLinkFn };
}

/** Migrates the database and fills it from the data files the first time (an empty directory). */
export async function prepareDatabase(db: Db, opts: { databaseUrl: string; directoryFile: string; seedReports: string; logger: Logger }): Promise<void> {
  await migrate(db, opts.databaseUrl);
  if ((await db.unit.count()) === 0) {
    if (!existsSync(opts.directoryFile)) throw new Error(`DIRECTORY_FILE ${opts.directoryFile} does not exist`);
    const units = await seedDirectory(db, opts.directoryFile);
    opts.logger.info({ event: "seeded_directory", units, file: opts.directoryFile }, "contact directory loaded");
  }
  if ((await db.report.count()) === 0) {
    const { seedReports } = await import("../services/reports/seed-reports.ts");
    await seedReports(db, opts.seedReports, opts.logger);
  } else if ((await db.report.count({ where: { contentHash: "" } })) > 0) {
    const [{ rereadStale }, { extractFacts }] = await Promise.all([import("../services/reports/store.ts"), import("../services/figures/extract.ts")]);
    const reread = await rereadStale(db, extractFacts);
    opts.logger.info({ event: "reports_reread", reports: reread }, "stored reports read again for their figures");
  }
}

export interface CoreOptions {
  /** "channel:userId" of the staff who may add reports by link. */
  staffIds?: ReadonlySet<string>;
  /** Downloads a staff link; by default over the safe fetch that allows no private address. */
  fetchPage?: (url: string) => Promise<FetchedPage>;
  /** Where a link that could not be read is logged with its reason (the reply does not say). */
  logger?: Logger;
  /** Stores a report sent as a file; by default `ingestBytes` from services/reports/ingest.ts. */
  ingestFile?: IngestFileFn;
  /** Called when alerts were queued from a chat (a staff announcement): wakes the sender. */
  onQueued?: () => void;
  /** PUBLIC_URL: with it, staff get staff-console sign-in links by /quantri. */
  publicUrl?: string;
}

/** Builds the understanding and the answers from what the database holds. */
export async function createCore(
  db: Db,
  {
    staffIds = new Set(),
    fetchPage = (url) => fetchPageOverHttp(url),
    logger = createLogger({ level: "silent", secrets: [] }),
    ingestFile,
    onQueued = () => undefined,
    publicUrl,
  }: CoreOptions = {},
): Promise<Core> {
  const training = JSON.parse(readFileSync(INTENTS_FILE, "utf8")) as TrainingData;
  // The commands and contact cues stay in the file; the rules are the database's, which holds the
  // file's own (brought in line with it here, so a database without them is seeded) and the staff's.
  const { commands, contactCues } = JSON.parse(readFileSync(KEYWORD_RULES_FILE, "utf8")) as KeywordRules;
  const synced = await syncFileRules(db, KEYWORD_RULES_FILE);
  if (synced > 0) logger.info({ event: "keyword_rules_synced", rules: synced, file: KEYWORD_RULES_FILE }, "keyword rules loaded from the file");
  const reports = { ingestFile: ingestFile ?? ingestBytesInto(db, fetchPage), ingestLink: linkIngestion(db, fetchPage) };
  // Built once: nothing below depends on the directory.
  const deps = {
    figures: createFigureAnswerer(db),
    ingestLink: createLinkIngest({ staffIds, ingestLink: reports.ingestLink, logger }),
    ingestFile: createFileIngest({ staffIds, ingestFile: reports.ingestFile }),
    alerts: { db, staffIds, onQueued },
    ...(publicUrl && { consoleLogin: { db, staffIds, publicUrl } }),
  };
  // The directory, the rules and what is built on them (the understanding knows the units' names
  // and the phrases) are swapped together: a message is answered wholly from the old or the new.
  const answerWith = (directory: Directory, rules: RuleList): AnswerFn => {
    const understand = createUnderstander({
      training,
      rules: { commands, contactCues, rules },
      units: directory.units.map((u) => ({ slug: u.slug, names: [u.name, ...u.aliases] })),
      vocabulary: FIGURE_VOCABULARY,
    });
    return createAnswer({ understand, directory, ...deps });
  };
  const load = async () => {
    const [directory, rules] = await Promise.all([loadDirectory(db), loadRuleList(db)]);
    return { directory, answer: answerWith(directory, rules) };
  };
  let current = await load();
  const questions = createQuestionLog(db, { logger });
  // Reloads run one after another, so the last one started is the one that stays.
  let reloading: Promise<void> = Promise.resolve();
  return {
    answer: recordingUnanswered((request) => current.answer(request), questions),
    get directory() {
      return current.directory;
    },
    reports,
    reload() {
      reloading = reloading
        .catch(() => undefined)
        .then(async () => {
          current = await load();
        });
      return reloading;
    },
    questionsRecorded: () => questions.flush(),
  };
}

/** The report store's byte ingestion, bound to this database; loaded on first use like the link ingestion. */
function ingestBytesInto(db: Db, fetchPage: (url: string) => Promise<FetchedPage>): IngestFileFn {
  return async (file) => {
    const { ingestBytes } = await import("../services/reports/ingest.ts");
    return ingestBytes(db, file, { extract: extractFacts, fetchPage });
  };
}
