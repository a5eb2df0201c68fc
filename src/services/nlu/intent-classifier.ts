import { createRequire } from "node:module";
import type { BayesClassifier as BayesClassifierType } from "natural/lib/natural/classifiers/index.js";

// natural's classifiers index also loads the MaxEnt and logistic regression code (with sylvester):
// a third of a second at every start. The Bayes classifier alone loads in a tenth of that.
const BayesClassifier = createRequire(import.meta.url)("natural/lib/natural/classifiers/bayes_classifier.js") as typeof BayesClassifierType;

export interface IntentGuess {
  intent: string;
  /** Share of the probability mass on the winning intent, 0–1. */
  confidence: number;
}

/** Words and adjacent word pairs: pairs tell "so dien thoai" from "so du an" after folding. */
export function features(words: string[]): string[] {
  const pairs = words.slice(1).map((w, i) => `${words[i]}_${w}`);
  return [...words, ...pairs];
}

/**
 * Every intent repeated up to the size of the largest. `natural`'s Bayes scores a word an intent
 * has never seen as 1 / (its number of examples), so without this the intent with the fewest
 * examples wins every message it does not know ("cách nấu canh chua" became "unit_list").
 */
function balanced<T extends { intent: string }>(examples: T[]): T[] {
  const byIntent = new Map<string, T[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  const largest = Math.max(...[...byIntent.values()].map((list) => list.length));
  return [...byIntent.values()].flatMap((list) => Array.from({ length: largest }, (_, i) => list[i % list.length]));
}

/**
 * Naive Bayes from `natural` over normalised words. It trains in milliseconds on a few hundred
 * sentences, so it is trained at start from data/intents.json rather than shipped as a model.
 */
export function trainIntentClassifier(examples: { words: string[]; intent: string }[]) {
  const classifier = new BayesClassifier();
  for (const { words, intent } of balanced(examples)) classifier.addDocument(features(words), intent);
  classifier.train();

  return function classify(words: string[]): IntentGuess {
    const scores = classifier.getClassifications(features(words));
    const total = scores.reduce((sum, s) => sum + s.value, 0) || 1;
    const best = scores[0];
    return { intent: best.label, confidence: best.value / total };
  };
}
