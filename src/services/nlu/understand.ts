import { normalizeWords } from "./normalize.ts";
import { createTypoFixer } from "./typos.ts";
import { trainIntentClassifier } from "./intent-classifier.ts";
import { findPhrase, hasAnyPhrase } from "./phrases.ts";
import { createDomainCheck } from "./domain-anchors.ts";

export type TrainingData = Record<string, string[]>;

export interface UnitNames {
  slug: string;
  /** Names and aliases as people write them; normalised here. */
  names: string[];
}

export interface Understanding {
  intent: string;
  confidence: number;
  /** The normalised words, for handlers that look for more (indicators, periods). */
  words: string[];
  /** The unit asked about, when the message names one. */
  unitSlug?: string;
  /**
   * Whether the message is about the unit itself (its name and little else, or words such as
   * "liên hệ", "địa chỉ"), rather than naming it inside another topic ("đề án khuyến công").
   */
  aboutUnit?: boolean;
}

/** data/keyword-rules.json: phrases that settle an intent before the classifier is asked. */
export interface KeywordRules {
  commands: Record<string, string>;
  rules: { intent: string; phrases: string[] }[];
  /** Words that make a message naming a unit a question about the unit itself. */
  contactCues: string[];
}

/**
 * `vocabulary`: more phrases the bot knows (the figures' indicators), so that the one typo repair
 * serves every answer, and never "repairs" a real word it has not seen in training ("thêm").
 */
export function createUnderstander({
  training,
  rules,
  units,
  vocabulary = [],
}: {
  training: TrainingData;
  rules: KeywordRules;
  units: UnitNames[];
  vocabulary?: readonly string[][];
}) {
  const examples = Object.entries(training)
    .filter(([intent]) => !intent.startsWith("_"))
    .flatMap(([intent, sentences]) => sentences.map((s) => ({ intent, words: normalizeWords(s) })));
  const unitPhrases = units.flatMap((u) => u.names.map((n) => ({ slug: u.slug, words: normalizeWords(n) })));
  const phrases = (list: string[]) => list.map((p) => normalizeWords(p).join(" "));
  const keywordRules = rules.rules.map((r) => ({ intent: r.intent, phrases: phrases(r.phrases) }));
  const contactCues = phrases(rules.contactCues);
  const fixTypos = createTypoFixer([
    ...examples.map((e) => e.words),
    ...unitPhrases.map((u) => u.words),
    ...keywordRules.flatMap((r) => r.phrases.map((p) => p.split(" "))),
    ...vocabulary,
  ]);
  // Training takes a few tens of milliseconds: paid by the first message the rules do not settle,
  // not by every start (most of what `npm run ask` and a restarted service see is settled by rules).
  let classifier: ReturnType<typeof trainIntentClassifier> | undefined;
  const classify = (words: string[]) => (classifier ??= trainIntentClassifier(examples))(words);
  // A message that is, once normalised, one of the training sentences needs no guessing: short
  // ones ("bạn là ai") are made only of words too common to tell the domain by.
  const known = new Map(examples.map((e) => [e.words.join(" "), e.intent]));
  const isInDomain = createDomainCheck([...examples, ...unitPhrases.map((u) => ({ intent: "unit", words: u.words }))]);

  function findUnit(words: string[]): { unitSlug?: string; aboutUnit?: boolean } {
    let best: { slug: string; length: number } | undefined;
    for (const phrase of unitPhrases) {
      if (phrase.words.length > (best?.length ?? 0) && findPhrase(words, phrase.words) >= 0) best = { slug: phrase.slug, length: phrase.words.length };
    }
    if (!best) return {};
    return { unitSlug: best.slug, aboutUnit: best.length / words.length >= 0.6 || hasAnyPhrase(words, contactCues) };
  }

  const unitCoversAll = (words: string[]) => unitPhrases.some((p) => p.words.join(" ") === words.join(" "));

  return function understand(text: string): Understanding {
    const trimmed = text.trim();
    const command = /^\/([a-z_]+)/i.exec(trimmed)?.[1]?.toLowerCase();
    if (command) return { intent: rules.commands[command] ?? "help", confidence: 1, words: [] };
    const words = fixTypos(normalizeWords(trimmed));
    if (words.length === 0) return { intent: "empty", confidence: 1, words };
    const unit = findUnit(words);
    const rule = keywordRules.find((r) => hasAnyPhrase(words, r.phrases));
    if (rule) return { intent: rule.intent, confidence: 1, words, ...unit };
    const exact = known.get(words.join(" "));
    if (exact) return { intent: exact, confidence: 1, words, ...unit };
    // A unit's name and nothing else ("trung tâm khuyến công") asks for everything about it.
    if (unit.unitSlug && unitCoversAll(words)) return { intent: "contact_all", confidence: 1, words, ...unit };
    if (!unit.unitSlug && !isInDomain(words)) return { intent: "out_of_scope", confidence: 1, words };
    return { ...classify(words), words, ...unit };
  };
}
