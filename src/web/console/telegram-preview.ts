// Shows a Telegram message (parse mode HTML) in the console as Telegram would: bold, italic and
// links become those tags, and everything else is text. The message is rebuilt from tokens, never
// passed through, so nothing staff typed (a "<script>") can become markup in the console's page.

const TAG = /<(\/?)(b|strong|i|em|u|ins|s|strike|del|code|pre)>|<a href="([^"]*)">|<\/a>/g;
const SAME: Record<string, string> = { b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s", code: "code", pre: "pre" };

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
const encodeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Safe HTML for the console from Telegram HTML (or plain text, when `html` is false). */
export function telegramPreviewHtml(message: string, html: boolean): string {
  if (!html) return encodeText(message);
  let out = "";
  let last = 0;
  const open: string[] = [];
  for (const m of message.matchAll(TAG)) {
    out += encodeText(decodeEntities(message.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[2]) {
      const tag = SAME[m[2]]!;
      if (!m[1]) {
        open.push(tag);
        out += `<${tag}>`;
      } else if (open.at(-1) === tag) {
        open.pop();
        out += `</${tag}>`;
      }
    } else if (m[3] !== undefined) {
      const href = decodeEntities(m[3]);
      // Only web links; the preview must not become a way to run "javascript:".
      const safe = /^https?:\/\//i.test(href) ? href : "#";
      open.push("a");
      out += `<a href="${encodeText(safe)}" rel="noopener noreferrer" target="_blank">`;
    } else if (open.at(-1) === "a") {
      open.pop();
      out += "</a>";
    }
  }
  out += encodeText(decodeEntities(message.slice(last)));
  for (const tag of open.reverse()) out += `</${tag}>`;
  return out;
}
