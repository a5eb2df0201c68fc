import express, { type Request, type Response, type Router } from "express";
import { listUnits } from "../../services/contacts/edit-unit.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { loadRuleList, MAX_PHRASE_LENGTH } from "../../services/nlu/rule-store.ts";
import { type GroupStatus, listQuestionGroups, resolveGroup } from "../../services/questions/groups.ts";
import { type TeachRefusal, teachIntentPhrase, teachUnitAlias } from "../../services/questions/teach.ts";
import { signedInOf } from "./session.ts";
import { fmt, renderPage } from "./views.ts";

// The unanswered questions (/console/questions): groups of the questions the bot could not answer,
// the most asked first. Staff close a group, or teach the bot its words (a unit's other name, or a
// phrase of an intent's keyword rule); the bot understands them before the page says "saved".

export interface QuestionPageOptions {
  db: Db;
  base: string;
  logger: Logger;
  now: () => Date;
  /** Reloads what answers from the directory (a unit got another name). */
  onDirectoryChanged: () => Promise<void>;
  /** Reloads what answers from the keyword rules (an intent got a phrase). */
  onKeywordRulesChanged: () => Promise<void>;
}

type Form = "unit" | "intent";
/** A refused form, shown again next to its group with what was typed. */
interface Problem {
  key: string;
  form: Form;
  /** The field at fault: the unit or intent chosen, or the phrase. */
  field: "choice" | "phrase";
  choice: string;
  phrase: string;
  message: string;
}

const SAVED: Record<string, string> = {
  done: "Đã đánh dấu nhóm câu hỏi là đã xử lý.",
  unit: "Đã thêm cụm từ vào tên gọi khác của đơn vị. Bot đã hiểu câu hỏi này, không cần khởi động lại.",
  intent: "Đã thêm cụm từ vào quy tắc từ khóa. Bot đã hiểu câu hỏi này, không cần khởi động lại.",
  gone: "Nhóm câu hỏi này đã được xử lý trước đó (có thể bởi cán bộ khác).",
};

export function refusalMessage(refusal: TeachRefusal): string {
  switch (refusal.reason) {
    case "empty":
      return "Hãy nhập cụm từ (có chữ hoặc chữ số).";
    case "too_long":
      return `Cụm từ dài quá: tối đa ${MAX_PHRASE_LENGTH} ký tự.`;
    case "too_generic":
      return "Cụm từ chỉ gồm những từ quá chung (như “là”, “của”, “cho”): hãy thêm từ nói rõ nội dung.";
    case "unknown_intent":
      return "Hãy chọn một loại câu hỏi trong danh sách.";
    case "exists":
      return `Cụm từ này đã có trong quy tắc “${fmt.intent(refusal.intent)}”.`;
    case "unknown_unit":
      return "Hãy chọn một đơn vị trong danh bạ.";
    case "unit_name_taken":
      return `Cụm từ này đã là tên hoặc tên gọi khác của “${refusal.unit}”.`;
    case "no_open_group":
      return SAVED.gone!;
  }
}

const CHOICE_REFUSALS = new Set(["unknown_unit", "unknown_intent"]);

/** The words staff start from: the latest question without its closing punctuation. */
export const suggestedPhrase = (text: string): string => text.replace(/[\s?!.…,;:]+$/u, "");

const field = (value: unknown, max: number): string => (typeof value === "string" ? value.slice(0, max) : "");

export function questionPages({ db, base, logger, now, onDirectoryChanged, onKeywordRulesChanged }: QuestionPageOptions): Router {
  const router = express.Router();

  async function render(res: Response, status: number, view: { status: GroupStatus; saved?: string | null; problem?: Problem | null }) {
    const { session } = signedInOf(res);
    const [list, units, rules] = await Promise.all([listQuestionGroups(db, view.status), listUnits(db), loadRuleList(db)]);
    const title = view.status === "open" ? "Câu hỏi chưa trả lời" : "Câu hỏi chưa trả lời đã xử lý";
    renderPage(res, status, "./questions", {
      base,
      staffId: session.staffId,
      csrf: session.csrfToken,
      current: "questions" as const,
      title: view.problem ? `Lỗi: ${title}` : title,
      status: view.status,
      list,
      units,
      intents: rules.map((r) => r.intent),
      unitNames: new Map(units.map((u) => [u.slug, u.name])),
      saved: view.saved ? (SAVED[view.saved] ?? null) : null,
      problem: view.problem ?? null,
      suggestedPhrase,
    });
  }

  router.get("/questions", async (req, res) => {
    const status: GroupStatus = req.query.status === "done" ? "done" : "open";
    await render(res, 200, { status, saved: typeof req.query.saved === "string" ? req.query.saved : null });
  });

  const back = (res: Response, saved: string) => res.redirect(303, `${base}/questions?saved=${saved}`);

  router.post("/questions/done", async (req, res) => {
    const key = field(req.body?.key, 2000);
    const closed = key ? await resolveGroup(db, key, "done", now()) : 0;
    logger.info({ event: "console_questions_done", staff: signedInOf(res).session.staffId, questions: closed }, "staff closed a group of unanswered questions");
    back(res, closed > 0 ? "done" : "gone");
  });

  async function teach(req: Request, res: Response, form: Form) {
    const key = field(req.body?.key, 2000);
    const choice = field(form === "unit" ? req.body?.unit : req.body?.intent, 200);
    const phrase = field(req.body?.phrase, 1000);
    const at = now();
    const refusal = form === "unit" ? await teachUnitAlias(db, { key, slug: choice, phrase, now: at }) : await teachIntentPhrase(db, { key, intent: choice, phrase, now: at });
    if (refusal?.reason === "no_open_group") return back(res, "gone");
    if (refusal)
      return render(res, 422, {
        status: "open",
        problem: { key, form, field: CHOICE_REFUSALS.has(refusal.reason) ? "choice" : "phrase", choice, phrase, message: refusalMessage(refusal) },
      });
    logger.info({ event: "console_questions_taught", staff: signedInOf(res).session.staffId, form, target: choice }, "staff taught the bot a group's words");
    await (form === "unit" ? onDirectoryChanged() : onKeywordRulesChanged());
    back(res, form);
  }

  router.post("/questions/unit", (req, res) => teach(req, res, "unit"));
  router.post("/questions/intent", (req, res) => teach(req, res, "intent"));

  return router;
}
