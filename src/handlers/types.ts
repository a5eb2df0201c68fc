// The channel-neutral contract between the adapters (Telegram, Zalo, CLI) and the bot's core.

export type Channel = "telegram" | "zalo" | "zalo-oa" | "cli";

/** One incoming user message, whatever platform it came from. Ids stay strings end to end. */
export interface BotRequest {
  channel: Channel;
  userId: string;
  chatId: string;
  text: string;
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

export interface BotReply {
  /** What the bot understood; shown by `npm run ask` and useful in logs. */
  intent: string;
  /** Plain text, Vietnamese, ready to send as is. */
  text: string;
  buttons?: QuickReply[];
  contacts?: ContactCard[];
}

export type AnswerFn = (request: BotRequest) => Promise<BotReply>;
