import { readFileSync } from "node:fs";
import type { Db } from "../db.ts";
import { FUNCTION_WORDS } from "./domain-anchors.ts";
import { normalizeWords } from "./normalize.ts";
import type { KeywordRules } from "./understand.ts";

// Keyword rules live in the database (KeywordRule) so staff can teach the bot a phrase from the
// console without a restart. data/keyword-rules.json stays the reviewed source of the developers'
// rules: its rows ("file") are brought in line with the file at start, so an edit of the file still
// takes effect on a database that already has rules; rows staff added ("staff") are never touched.
// The file keeps the commands and the contact cues: staff do not edit those.

export type RuleList = KeywordRules["rules"];

interface RuleRow {
  intent: string;
  phrase: string;
  position: number;
  source: string;
  id: number;
}

/** The file's rules as (intent, phrase) rows in their order. */
function fileRows(file: string): { intent: string; phrase: string }[] {
  const { rules } = JSON.parse(readFileSync(file, "utf8")) as KeywordRules;
  const seen = new Set<string>();
  // A phrase written twice for one intent is one row (the pair is unique in the table).
  return rules
    .flatMap((r) => r.phrases.map((phrase) => ({ intent: r.intent, phrase })))
    .filter((r) => !seen.has(`${r.intent}\n${r.phrase}`) && seen.add(`${r.intent}\n${r.phrase}`));
}

/**
 * Makes the "file" rows equal to the file's rules; on a new database this is the first seeding.
 * Returns how many rows were written (0 when they already matched).
 */
export async function syncFileRules(db: Db, file: string): Promise<number> {
  const wanted = fileRows(file);
  const have = await db.keywordRule.findMany({ where: { source: "file" }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  const same = have.length === wanted.length && have.every((r, i) => r.intent === wanted[i]!.intent && r.phrase === wanted[i]!.phrase && r.position === i);
  if (same) return 0;
  // A staff phrase the file now holds too becomes the file's (the (intent, phrase) pair is unique).
  const pairs = wanted.map((w) => ({ intent: w.intent, phrase: w.phrase }));
  await db.$transaction([
    db.keywordRule.deleteMany({ where: { OR: [{ source: "file" }, ...pairs.map((p) => ({ ...p, source: "staff" }))] } }),
    db.keywordRule.createMany({ data: wanted.map((w, position) => ({ ...w, position, source: "file" })) }),
  ]);
  return wanted.length;
}

/**
 * The rules in the order the understanding tries them: intents in the file's order (an intent only
 * staff rows hold comes after), each with the file's phrases, then the staff's in the order added.
 */
export function ruleListOf(rows: RuleRow[]): RuleList {
  const rank = (r: RuleRow) => (r.source === "file" ? r.position : Number.MAX_SAFE_INTEGER / 2 + r.position);
  const sorted = [...rows].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  const byIntent = new Map<string, string[]>();
  for (const r of sorted) byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), r.phrase]);
  return [...byIntent].map(([intent, phrases]) => ({ intent, phrases }));
}

export async function loadRuleList(db: Db): Promise<RuleList> {
  return ruleListOf(await db.keywordRule.findMany({ select: { intent: true, phrase: true, position: true, source: true, id: true } }));
}

/** Why a phrase was refused; `exists` names the intent whose rule holds it already. */
export type PhraseRefusal = { reason: "empty" | "too_long" | "too_generic" | "unknown_intent" } | { reason: "exists"; intent: string };

export const MAX_PHRASE_LENGTH = 100;

/** The phrase as stored: NFC, one space between words. */
export const tidyPhrase = (phrase: string): string => phrase.normalize("NFC").replace(/\s+/g, " ").trim();

/**
 * A phrase made only of words that carry no topic ("cho tôi", "là gì") would settle almost every
 * message: refused, like an empty one.
 */
export function phraseRefusal(phrase: string): PhraseRefusal | null {
  const words = normalizeWords(tidyPhrase(phrase));
  if (words.length === 0) return { reason: "empty" };
  if (tidyPhrase(phrase).length > MAX_PHRASE_LENGTH) return { reason: "too_long" };
  if (words.every((w) => FUNCTION_WORDS.has(w))) return { reason: "too_generic" };
  return null;
}

/** Adds a staff phrase to an intent's rule; null when added, else why not. */
export async function addStaffPhrase(db: Db, intent: string, phrase: string): Promise<PhraseRefusal | null> {
  const refusal = phraseRefusal(phrase);
  if (refusal) return refusal;
  const text = tidyPhrase(phrase);
  const list = await loadRuleList(db);
  if (!list.some((r) => r.intent === intent)) return { reason: "unknown_intent" };
  const key = normalizeWords(text).join(" ");
  const holder = list.find((r) => r.phrases.some((p) => normalizeWords(p).join(" ") === key));
  if (holder) return { reason: "exists", intent: holder.intent };
  const last = await db.keywordRule.aggregate({ _max: { position: true } });
  await db.keywordRule.create({ data: { intent, phrase: text, position: (last._max.position ?? -1) + 1, source: "staff" } });
  return null;
}
