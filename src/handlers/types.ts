// The channel-neutral contract between the adapters (Telegram, Zalo, web chat, CLI) and the bot's core.

/** "web" is the public chat page (/chat): anonymous, never staff, no alerts. */
export type Channel = "telegram" | "zalo" | "zalo-oa" | "web" | "cli";

/**
 * A file sent in the chat (a document on Telegram, a file message on Zalo). Nothing is fetched
 * until `download()` is called, so the core can refuse a file without downloading it. `download()`
 * enforces the size cap itself and its errors never carry the download URL (it may hold a token).
 */
export interface IncomingFile {
  /** The name the sender's app gave it ("bao-cao-thang-4.pdf"); may be empty. */
  name: string;
  /** Bytes, as the platform announced them; null when it did not say. */
  size: number | null;
  contentType: string | null;
  download(): Promise<Uint8Array>;
}

/** One incoming user message, whatever platform it came from. Ids stay strings end to end. */
export interface BotRequest {
  channel: Channel;
  userId: string;
  chatId: string;
  /** The message text; for a file, its caption (or ""). */
  text: string;
  /** Set when the message is a file. A file with a caption is a file, not a question. */
  file?: IncomingFile;
  /** Where the message was written; absent means a private chat. */
  chatType?: "private" | "group";
  /** In a group: whether the sender administers it (absent: the platform cannot tell). */
  isChatAdmin?: () => Promise<boolean>;
}

/** A quick reply the user can tap (Telegram) or type by number (Zalo). `text` is sent back as a message. */
export interface QuickReply {
  label: string;
  text: string;
}

export interface ContactCard {
  phoneNumber: string;
  name: string;
}

/**
 * A chart of one indicator's figures across reports, as a description that can be drawn again at
 * any time (the inbox stores it; the PNG is rendered when the reply is sent), not as image bytes.
 */
export interface ChartSpec {
  /** Indicator key ("export_turnover"). */
  indicator: string;
  /** "level", "change"... */
  measure: string;
  /** A short line under the picture. */
  caption: string;
}

export interface BotReply {
  /** What the bot understood; shown by `npm run ask` and useful in logs. */
  intent: string;
  /** Plain text, Vietnamese, ready to send as is. */
  text: string;
  buttons?: QuickReply[];
  contacts?: ContactCard[];
  /** A chart to send with the text, which holds the same numbers and their sources. */
  chart?: ChartSpec;
  /**
   * The reply holds a secret (a sign-in link): the inbox never stores it, so a retry asks the core
   * again (for a new link) instead of reading the old one back from the database.
   */
  secret?: boolean;
}

export type AnswerFn = (request: BotRequest) => Promise<BotReply>;
