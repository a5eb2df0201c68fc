// Naive Bayes in `natural` scores the absence of every known word too, so a message made only of
// unknown words lands on whichever intent has the fewest examples. The bot therefore first asks
// whether a message holds anything of its domain at all: a word pair seen in a domain example, or
// a distinctive word. Folded syllables are ambiguous ("mai" is both "mái" and "thương mại"), so a
// single word counts only when it is long enough to be distinctive.

// Words that carry no topic; they are never anchors on their own (and the unanswered questions'
// grouping drops them: services/questions/group-key.ts).
export const FUNCTION_WORDS = new Set(
  (
    "la gi cua cho toi minh ban bao nhieu the nao o dau khong co voi va nhe a oi hom nay muon xin duoc de hay thi ma nhu mot " +
    "cac nhung do ay roi chua sao ai can biet hoi em anh chi ve tu den trong tren duoi qua nhieu lam duoc vay nha ha " +
    // Place names and "how" say nothing about the topic: "xổ số Bến Tre", "cách nấu canh chua".
    "ben tre tinh cach"
  ).split(" "),
);
const MIN_ANCHOR_LENGTH = 4;

export function createDomainCheck(examples: { intent: string; words: string[] }[], outOfScope = "out_of_scope") {
  const offTopic = new Set<string>();
  const onTopic = new Set<string>();
  for (const { intent, words } of examples) {
    const target = intent === outOfScope ? offTopic : onTopic;
    words.forEach((w, i) => {
      target.add(w);
      if (i > 0) target.add(`${words[i - 1]} ${w}`);
    });
    // Single-word examples ("hi", "menu", "alo") are anchors whatever their length.
    if (intent !== outOfScope && words.length === 1) onTopic.add(`!${words[0]}`);
  }
  const isAnchor = (feature: string) => onTopic.has(feature) && !offTopic.has(feature);
  const isWordAnchor = (w: string) => onTopic.has(`!${w}`) || (w.length >= MIN_ANCHOR_LENGTH && !FUNCTION_WORDS.has(w) && isAnchor(w));
  const isPairAnchor = (a: string, b: string) => !(FUNCTION_WORDS.has(a) && FUNCTION_WORDS.has(b)) && isAnchor(`${a} ${b}`);

  return function isInDomain(words: string[]): boolean {
    return words.some((w, i) => isWordAnchor(w) || (i > 0 && isPairAnchor(words[i - 1], w)));
  };
}
