// Text of an HTML fragment (a feed item's title or summary) read with htmlparser2's tokenizer,
// which is linear in its input. Tag-stripping regexes such as /<[^>]*>/ are quadratic on text full
// of "<" with no ">": 50,000 "&lt;" in a feed title took seconds, and 5 MB of them would take hours.
import { Parser } from "htmlparser2";

/** Elements whose content is code, not text. */
const RAW_TEXT = new Set(["script", "style"]);

/**
 * The fragment's text with entities decoded and script/style content dropped. `tagText` is what a
 * tag stands for in the text (by default a space, so words on either side stay apart).
 */
export function markupText(html: string, tagText: (name: string) => string = () => " "): string {
  let text = "";
  let inRawText = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (RAW_TEXT.has(name)) inRawText++;
        text += tagText(name);
      },
      onclosetag(name) {
        if (RAW_TEXT.has(name)) inRawText--;
        text += tagText(name);
      },
      ontext(data) {
        if (inRawText === 0) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return text;
}

/** The first `max` characters: long input is cut before anything else reads it. */
export const cutText = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);
