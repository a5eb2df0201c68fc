import { loadDirectory } from "../contacts/directory.ts";
import { inputOf, saveUnit } from "../contacts/edit-unit.ts";
import { formatPhone } from "../contacts/phones.ts";
import type { Db } from "../db.ts";
import { normalizeWords } from "../nlu/normalize.ts";
import { addStaffPhrase, type PhraseRefusal, phraseRefusal, tidyPhrase } from "../nlu/rule-store.ts";
import { resolveGroup } from "./groups.ts";

// Staff teach the bot a group's words: as another name of a unit (Unit.aliases), or as a phrase
// of an intent's keyword rule. Either closes the group. The caller reloads the understanding.

export type TeachRefusal = PhraseRefusal | { reason: "unknown_unit" } | { reason: "unit_name_taken"; unit: string } | { reason: "no_open_group" };

async function hasOpenQuestion(db: Db, key: string): Promise<boolean> {
  return (await db.unansweredQuestion.count({ where: { groupKey: key, resolvedAt: null } })) > 0;
}

/** Adds `phrase` to the unit's other names; refuses one that already names this or another unit. */
export async function teachUnitAlias(db: Db, { key, slug, phrase, now }: { key: string; slug: string; phrase: string; now: Date }): Promise<TeachRefusal | null> {
  const refusal = phraseRefusal(phrase);
  if (refusal) return refusal;
  const directory = await loadDirectory(db);
  const unit = directory.units.find((u) => u.slug === slug);
  if (!unit) return { reason: "unknown_unit" };
  if (!(await hasOpenQuestion(db, key))) return { reason: "no_open_group" };
  const alias = tidyPhrase(phrase);
  const same = normalizeWords(alias).join(" ");
  const holder = directory.units.find((u) => [u.name, ...u.aliases].some((n) => normalizeWords(n).join(" ") === same));
  if (holder) return { reason: "unit_name_taken", unit: holder.name };
  const saved = await saveUnit(db, { ...inputOf(unit, formatPhone), aliases: [...unit.aliases, alias] }, { create: false });
  if (!saved.ok) return { reason: "unknown_unit" };
  await resolveGroup(db, key, `unit:${slug}`, now);
  return null;
}

/** Adds `phrase` to the intent's keyword rule. */
export async function teachIntentPhrase(db: Db, { key, intent, phrase, now }: { key: string; intent: string; phrase: string; now: Date }): Promise<TeachRefusal | null> {
  const refusal = phraseRefusal(phrase);
  if (refusal) return refusal;
  if (!(await hasOpenQuestion(db, key))) return { reason: "no_open_group" };
  const added = await addStaffPhrase(db, intent, phrase);
  if (added) return added;
  await resolveGroup(db, key, `intent:${intent}`, now);
  return null;
}
