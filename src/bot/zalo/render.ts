import type { BotReply, QuickReply } from "../../handlers/types.ts";
import { formatPhone, nationalPhone } from "../../services/contacts/phones.ts";

// Zalo bots have no quick-reply buttons or contact cards, so both become plain text. Choices are
// numbered, and a bare number typed right afterwards is read as that choice.

export const CHOICES_HEADER = "Bạn có thể gõ số:";

export function renderForZalo(reply: BotReply): string {
  const blocks = [reply.text.trim()];
  // Contact cards carry the +84 form and the text the 0 form of the same number, which is listed
  // once. Separators people write inside numbers ("0275 3822 365", "0275.3822.365") are ignored
  // when checking whether the core already put the number into the text.
  const textDigits = reply.text.replace(/(?<=\d)[\s.\-()]+(?=\d)/g, "");
  const inText = (n: string) => textDigits.includes(n) || (n.startsWith("0") && textDigits.includes(`84${n.slice(1)}`));
  const listed = new Set<string>();
  const missing = (reply.contacts ?? []).flatMap((c) => {
    const number = nationalPhone(c.phoneNumber);
    if (number === "" || inText(number) || listed.has(number)) return [];
    listed.add(number);
    return [`${c.name}: ${formatPhone(number)}`];
  });
  if (missing.length > 0) blocks.push(missing.join("\n"));
  const buttons = reply.buttons ?? [];
  if (buttons.length > 0) blocks.push([CHOICES_HEADER, ...buttons.map((b, i) => `${i + 1}. ${b.label}`)].join("\n"));
  return blocks.filter(Boolean).join("\n\n");
}

/**
 * If `text` is just a number ("2", " 2. ", "số 2") naming one of the choices offered last, returns
 * that choice's `text`; otherwise returns `text` unchanged.
 */
export function resolveNumberedChoice(text: string, lastButtons: readonly QuickReply[] | undefined): string {
  if (!lastButtons || lastButtons.length === 0) return text;
  const m = /^\s*(?:số\s*)?(\d{1,2})\s*[.)]?\s*$/iu.exec(text.normalize("NFC"));
  if (!m) return text;
  const choice = lastButtons[Number(m[1]) - 1];
  return choice ? choice.text : text;
}

export interface ChoiceMemory {
  get(chatId: string): QuickReply[] | undefined;
  set(chatId: string, buttons: QuickReply[]): void;
  delete(chatId: string): void;
  readonly size: number;
}

/**
 * The last choices offered in each chat, in process memory. Nothing here needs to survive a
 * restart: a choice forgotten by a restart only means a typed "2" reaches the core as the text "2",
 * which answers it like any other short message. Bounded (least recently used chats are dropped
 * first) and short-lived, because a number typed long after the menu probably means something else.
 */
export function createChoiceMemory({ max = 10_000, ttlMs = 30 * 60_000, now = Date.now }: { max?: number; ttlMs?: number; now?: () => number } = {}): ChoiceMemory {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest entry first.
  const entries = new Map<string, { buttons: QuickReply[]; at: number }>();
  return {
    get(chatId) {
      const entry = entries.get(chatId);
      if (!entry) return undefined;
      entries.delete(chatId);
      if (now() - entry.at > ttlMs) return undefined;
      entries.set(chatId, entry);
      return entry.buttons;
    },
    set(chatId, buttons) {
      entries.delete(chatId);
      entries.set(chatId, { buttons, at: now() });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(chatId) {
      entries.delete(chatId);
    },
    get size() {
      return entries.size;
    },
  };
}
