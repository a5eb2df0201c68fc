import type { BotReply } from "../../handlers/types.ts";
import { chartPath } from "../../handlers/figure-chart.ts";
import { formatPhone, internationalPhone, nationalPhone } from "../../services/contacts/phones.ts";

// A reply as the web chat shows it. The text is cut into pieces, each plain text or a link (web
// address, e-mail, phone number as tel:); the page and the script build their markup from these
// pieces with the text always escaped (Eta's <%= %>, textContent), so nothing the bot says, or
// quotes back from a user or a report, can become markup.

export interface ReplyPart {
  text: string;
  /** Set on a link: https://…, mailto:… or tel:+84…. */
  href?: string;
}

export interface WebContact {
  name: string;
  /** As Vietnamese write it: "0275 3822 365". */
  number: string;
  href: string;
}

export interface WebReply {
  text: string;
  parts: ReplyPart[];
  buttons: { label: string; text: string }[];
  contacts: WebContact[];
  /** A chart the bot drew: the public /charts image, addressed from the chat page (so a path prefix holds). */
  chart?: { src: string; alt: string };
}

const URL_SOURCE = String.raw`https?:\/\/[^\s<>"“”‘’]+`;
const EMAIL_SOURCE = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
// A national number (0 or +84, then 8–10 more digits, with the spaces, dots or dashes people put
// inside), or a 1800/1900 hotline. Figures ("4.262,7", "2021–2023") never start that way.
const PHONE_SOURCE = String.raw`(?<![\d.,])(?:(?:\+84|0)(?:[ .\-]?\d){8,10}|1[89]00(?:[ .]?\d){4,6})(?!\d)`;
const LINKABLE = new RegExp(`(${URL_SOURCE})|(${EMAIL_SOURCE})|(${PHONE_SOURCE})`, "g");
// Punctuation that ends a sentence, not the web address before it.
const URL_TAIL = /[.,;:!?)\]»]+$/;

const telHref = (written: string) => `tel:${internationalPhone(nationalPhone(written))}`;
const isPhoneNumber = (written: string) => /^(?:0\d{9,10}|1[89]00\d{4,6})$/.test(nationalPhone(written));

/** Cuts a reply's text into plain pieces and links. */
export function partsOf(text: string): ReplyPart[] {
  const parts: ReplyPart[] = [];
  let plain = "";
  let last = 0;
  for (const m of text.matchAll(LINKABLE)) {
    let found = m[0];
    let href: string | undefined;
    if (m[1]) {
      found = found.replace(URL_TAIL, "");
      href = found;
    } else if (m[2]) href = `mailto:${found}`;
    else if (isPhoneNumber(found)) href = telHref(found);
    if (!href) continue;
    plain += text.slice(last, m.index);
    if (plain) parts.push({ text: plain });
    plain = "";
    parts.push({ text: found, href });
    last = m.index + found.length;
  }
  plain += text.slice(last);
  if (plain) parts.push({ text: plain });
  return parts;
}

/** The core's reply, ready for the page and the JSON answer. */
export function webReplyOf(reply: BotReply): WebReply {
  const seen = new Set<string>();
  const contacts = (reply.contacts ?? []).flatMap((c) => {
    const digits = nationalPhone(c.phoneNumber);
    if (!digits || seen.has(digits)) return [];
    seen.add(digits);
    return [{ name: c.name, number: formatPhone(digits), href: telHref(c.phoneNumber) }];
  });
  return {
    text: reply.text,
    parts: partsOf(reply.text),
    buttons: (reply.buttons ?? []).map((b) => ({ label: b.label, text: b.text })),
    contacts,
    ...(reply.chart && { chart: { src: chartPath(reply.chart).slice(1), alt: reply.chart.caption.replace(/^\p{Extended_Pictographic}\s*/u, "") } }),
  };
}
