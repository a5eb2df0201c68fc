import { createHash } from "node:crypto";
import { InlineKeyboard } from "grammy";
import type { QuickReply } from "../../handlers/types.ts";

// Telegram limits callback data to 64 bytes, and Vietnamese questions are often longer in UTF-8.
// Short questions travel inside the button; longer ones by a hash kept in a bounded map. A hash
// forgotten after a restart only means the user is asked to type the question.
const MAX_REMEMBERED = 5_000;
const remembered = new Map<string, string>();

export function callbackDataFor(text: string): string {
  const direct = `q:${text}`;
  if (Buffer.byteLength(direct, "utf8") <= 64) return direct;
  const key = `h:${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
  remembered.delete(key);
  remembered.set(key, text);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  return key;
}

/** The question a button stands for, or undefined when it is unknown (e.g. after a restart). */
export function questionFromCallback(data: string): string | undefined {
  if (data.startsWith("q:")) return data.slice(2);
  if (data.startsWith("h:")) return remembered.get(data);
  return undefined;
}

export function keyboardFor(buttons: QuickReply[] | undefined): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  const keyboard = new InlineKeyboard();
  buttons.forEach((b, i) => {
    keyboard.text(b.label, callbackDataFor(b.text));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
