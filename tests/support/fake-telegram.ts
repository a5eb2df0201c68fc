/**
 * Shared fake-Telegram harness for tests, built on `telegram-test-api` 4.2.x.
 *
 *   const fake = await startFakeTelegram();
 *   const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
 *   ...register handlers...
 *   const polling = await startPolling(bot);   // or bot.start() / webhookCallback
 *   const user = fake.user(TOKEN, { userId: 42 });
 *   await user.say("ping");
 *   expect((await user.waitForReply()).text).toBe("pong: ping");
 *   await polling.stop();                      // stop the bot BEFORE the fake
 *   await fake.stop();
 *
 * What telegram-test-api 4.2.1 does on its own (read from node_modules/telegram-test-api/lib),
 * and what this file changes:
 *
 * - Port: `new TelegramServer({ port: 0 })` does NOT work (`port || 9000` turns 0 into 9000).
 *   Worked around: the harness sets `config.port = 0` after construction (start() passes it to
 *   listen()), then reads the real port from the http server and rewrites `config.apiURL`.
 *   Bound to 127.0.0.1 (the default "localhost" may resolve to ::1).
 * - Bot API methods it implements: getMe, getUpdates, sendMessage, setWebhook, deleteWebhook,
 *   answerCallbackQuery, editMessageText, editMessageReplyMarkup, deleteMessage. Anything else
 *   (sendContact, sendChatAction, getWebhookInfo, sendPhoto, setMyCommands, ...) hits a catch-all
 *   that answers HTTP 500 `{ message }` without `ok`/`error_code`, which grammY turns into a
 *   GrammyError "(undefined: undefined)".
 *   Worked around: an extra middleware is spliced into the emulator's Express 4 app *in front of*
 *   its routes (it has to be in front: the catch-all `/bot:token/:method` and a 404 handler are
 *   registered in the constructor). It records every Bot API call (`fake.calls()`) and answers:
 *     getMe          full `UserFromGetMe` (the emulator's own lacks `is_bot` and the `can_*` flags)
 *     getUpdates     real long polling with `offset`/`limit`/`timeout` semantics (see below);
 *                    409 Conflict while a webhook is set, like Telegram
 *     setWebhook     validates url and `secret_token` (1-256 of A-Za-z0-9_-), stores both; `true`
 *     deleteWebhook  honours `drop_pending_updates`; `true`
 *     getWebhookInfo `{ url, has_custom_certificate, pending_update_count }`
 *     sendMessage    stored through the emulator (so its client API sees it), plus checks Telegram
 *                    makes: chat_id present, text non-empty, at most 4096 UTF-16 units when no
 *                    parse_mode (400 otherwise); result `date` in seconds and `from` = the bot
 *                    (the emulator returns milliseconds and no `from`)
 *     sendContact    stored like a message (method "sendContact"), result carries `contact`
 *     sendChatAction, answerCallbackQuery   `true` (recorded in calls())
 *     editMessageText, editMessageReplyMarkup, deleteMessage   left to the emulator
 *     anything else  404 `{ ok:false, error_code:404, description }` naming the method, so a gap
 *                    shows up as a clear GrammyError instead of a 500. Add it with `fake.handle()`.
 *     getFile        for files registered with `fake.addFile()`: `{ file_id, file_unique_id,
 *                    file_size, file_path }`; 400 "file is too big" over 20 MB, like Telegram
 *     sendPhoto      multipart/form-data uploads (grammY's InputFile: the `photo` field is
 *                    `attach://<name>` and the bytes are the part of that name) or a file_id/URL
 *                    string; stored like a message (method "sendPhoto", with `caption`), the bytes
 *                    kept aside (`reply.photo`, `fake.photos()`); result carries `photo` sizes.
 *                    The emulator itself parses only JSON and urlencoded bodies, so multipart
 *                    bodies are read here (undici's FormData parser).
 *   `fake.handle(method, fn)` overrides any method; throw `new FakeApiError(403, "Forbidden: bot was
 *   blocked by the user")` inside it to simulate Telegram errors (429 with `retryAfter`, ...).
 * - Files: the emulator has no files. `fake.addFile()` registers one and returns the `Document` to
 *   send with `user.sendDocument()`; the bot downloads it from `GET {apiRoot}/file/bot<token>/<file_path>`
 *   (Telegram's download URL), answered here with the bytes, or 404 for an unknown path or token.
 *   Every download attempt is recorded (`fake.fileDownloads()`).
 * - Inline keyboards: the emulator parses `reply_markup` (JSON string or object) and stores it with
 *   the bot message, so the client side sees full `reply_markup` (inline and reply keyboards). The
 *   Message it *returns to the bot* only keeps inline keyboards (same as Telegram).
 * - Callback queries: supported (`/sendCallback` client route, `addUserCallback`), but the update's
 *   `callback_query.message` is just `{ from: <the user>, chat }`, without message_id/text/markup,
 *   and has no `chat_instance`. `user.tap(data)` finds the bot message that carries a button with
 *   that callback_data and sends it as `callback_query.message` (message_id, text, reply_markup,
 *   from = the bot); the harness adds `chat_instance`.
 * - Webhooks: setWebhook stores the body (so `secret_token` is kept), but deliveries are POSTed
 *   with axios WITHOUT the `X-Telegram-Bot-Api-Secret-Token` header, so grammY's
 *   `webhookCallback(..., { secretToken })` would answer 401 to every update. A failed delivery
 *   also becomes an unhandled promise rejection (the client routes do not await it), update ids
 *   can repeat under concurrency, and a message id is shared between the user's message and the
 *   bot's reply made during the webhook call.
 *   Worked around: `addUserUpdate` is replaced on the instance. Updates are delivered with
 *   node:http (no keep-alive, so no socket is left open against your server) with the header
 *   set whenever the webhook has a secret_token; the outcome is recorded
 *   (`fake.webhookDeliveries()`), and `say()`/`tap()` reject with the status and body when the
 *   webhook did not answer 2xx. They resolve only after the webhook answered, which with grammY's
 *   webhookCallback means after the bot's handlers ran. No retries (Telegram would retry).
 * - getUpdates: the emulator answers at once (it ignores `timeout`) and marks updates read as soon
 *   as it returns them (it ignores `offset`), so grammY's `bot.start()` would spin in a tight
 *   request loop and an update in flight during `bot.stop()` could be lost.
 *   Worked around: held open until an update arrives or `min(timeout, maxLongPollMs)` passes
 *   (default cap 5 s); an update is confirmed only by a later call with a larger `offset`; the
 *   wait ends when the client disconnects (grammY aborts it on `bot.stop()`) or the fake stops.
 *
 * grammY 1.46 polling: `bot.start()` calls getMe (skipped if `botInfo` was given to the Bot) and
 * deleteWebhook({ drop_pending_updates }) in parallel, then loops getUpdates with
 * `{ offset, limit, timeout: 30 }`. `bot.stop()` aborts the pending getUpdates and then calls
 * getUpdates({ offset, limit: 1 }) (no timeout) once to confirm the offset. It takes a few ms here.
 * Stop the bot BEFORE the fake: once the fake is gone grammY gets ECONNREFUSED and sleeps 3 s
 * (a sleep it cannot abort) before each retry, which keeps the test worker busy.
 * `bot.stop()` during bot.start()'s setup makes the `bot.start()` promise reject, so wait for
 * `onStart` first (`startPolling()` does that).
 * grammY's default error handler in polling mode rethrows and stops polling: set `bot.catch`.
 * Webhook mode: `webhookCallback` calls `bot.init()` (getMe) on the first update, and answers 401
 * "secret token is wrong" when the header is missing or wrong.
 */
import http from "node:http";
import https from "node:https";
import type { Bot } from "grammy";
import type { InlineKeyboardButton, UserFromGetMe } from "grammy/types";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

// ---------------------------------------------------------------------------------------------
// Public types

export interface FakeTelegramOptions {
  /** Merged into what getMe answers. Default: id 666, username "TestNameBot". */
  botInfo?: Partial<UserFromGetMe>;
  /** Upper bound (ms) for one long-poll getUpdates wait, whatever `timeout` the bot asks. */
  maxLongPollMs?: number;
  /** How long a webhook delivery may take before it counts as failed (ms). Default 10 s. */
  webhookTimeoutMs?: number;
}

export interface FakeUserOptions {
  userId?: number;
  /** Defaults to userId (a private chat). */
  chatId?: number;
  firstName?: string;
  userName?: string;
  chatType?: "private" | "group" | "supergroup";
}

export interface ContactCard {
  phone_number: string;
  first_name: string;
  last_name?: string;
  vcard?: string;
}

/** One message the bot sent to the chat, as the emulator stored it. */
export interface BotReply {
  /** Bot API method that produced it: "sendMessage" or "sendContact". */
  method: string;
  messageId: number;
  chatId: number | string;
  text?: string;
  /** Parsed reply_markup as sent by the bot (inline or reply keyboard, remove/force reply). */
  replyMarkup?: Record<string, unknown>;
  /** Shortcut to replyMarkup.inline_keyboard. */
  inlineKeyboard?: InlineKeyboardButton[][];
  /** Set for sendContact. */
  contact?: ContactCard;
  /** Set for sendPhoto: the uploaded bytes (empty for a file_id or URL) and the caption. */
  photo?: SentPhoto;
  /** All parameters the bot sent (parse_mode, link_preview_options, ...). */
  params: Record<string, unknown>;
}

export interface SentPhoto {
  chatId: string;
  messageId: number;
  caption?: string;
  /** The upload's file name and bytes; for a file_id or URL, `ref` instead. */
  fileName?: string;
  contentType?: string;
  bytes: Uint8Array;
  ref?: string;
}

export interface ApiCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  /** HTTP status of the answer; undefined while pending or if the client aborted. */
  status?: number;
  /** Set for answers with ok: false. */
  error?: string;
  at: number;
}

export interface WebhookDelivery {
  token: string;
  updateId: number;
  url: string;
  /** Whether the secret header was sent. */
  withSecret: boolean;
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

export interface FakeUser {
  readonly token: string;
  readonly userId: number;
  readonly chatId: number;
  /** Sends a text message as the user; text starting with "/" becomes a bot_command. In webhook
   *  mode resolves after the webhook answered and rejects if it did not answer 2xx. */
  say(text: string): Promise<void>;
  /** Sends a document message (from `fake.addFile()`), with an optional caption. */
  sendDocument(document: FakeDocument, opts?: { caption?: string }): Promise<void>;
  /** Taps the inline button with this callback_data on the latest bot message in the chat that
   *  has one (or on `messageId`). */
  tap(callbackData: string, opts?: { messageId?: number }): Promise<void>;
  /** Waits for the next `count` bot messages in this chat (default 1, 3000 ms). Extra messages
   *  stay buffered for the next call. Throws listing what arrived and recent API calls. */
  nextReplies(count?: number, timeoutMs?: number): Promise<BotReply[]>;
  waitForReply(timeoutMs?: number): Promise<BotReply>;
  /** Everything received so far and not yet returned, without waiting. */
  drain(): Promise<BotReply[]>;
  /** Current state of every bot message in this chat (edits included), oldest first. */
  history(): Promise<BotReply[]>;
}

/** A Telegram `Document`, as `fake.addFile()` returns it. */
export interface FakeDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface FileDownload {
  token: string;
  filePath: string;
  status: number;
}

export type MethodHandler = (params: Record<string, unknown>, token: string) => unknown | Promise<unknown>;

export interface FakeTelegram {
  /** For grammY: `new Bot(token, { client: { apiRoot } })`. No trailing slash. */
  readonly apiRoot: string;
  readonly port: number;
  readonly botInfo: UserFromGetMe;
  /** The underlying emulator, for anything not wrapped here. */
  readonly server: TelegramServer;
  user(token: string, opts?: FakeUserOptions): FakeUser;
  /** Bot API calls received so far, oldest first. */
  calls(filter?: { token?: string; method?: string }): ApiCall[];
  webhookDeliveries(token?: string): WebhookDelivery[];
  webhookOf(token: string): { url: string; secret_token?: string } | undefined;
  /** Answer `method` with `fn`'s return value as `result` (null removes the override). Throw a
   *  FakeApiError inside to answer `ok: false`. */
  handle(method: string, fn: MethodHandler | null): void;
  /** Registers a file the bot can getFile and download. `size` overrides the announced size (to
   *  pretend a file is larger than the bytes held). `missing: true` makes the download answer 404. */
  addFile(file: { bytes: Uint8Array | string; fileName?: string; mimeType?: string; size?: number; missing?: boolean }): FakeDocument;
  /** GETs of `/file/bot<token>/<path>` received so far. */
  fileDownloads(): FileDownload[];
  /** Every photo a bot sent, in order, with the uploaded bytes. */
  photos(): SentPhoto[];
  stop(): Promise<void>;
}

/** Throw from a `fake.handle()` handler to answer like a Telegram error. */
export class FakeApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

// ---------------------------------------------------------------------------------------------
// Internals of telegram-test-api 4.2.1 that the harness touches (private in its typings)

interface StoredBotMessage {
  time: number;
  botToken: string;
  message: Record<string, unknown>;
  updateId: number;
  messageId: number;
  isRead: boolean;
  /** Added by this harness. */
  method?: string;
}

interface StoredUserUpdate {
  time: number;
  botToken: string;
  updateId: number;
  messageId: number;
  isRead: boolean;
  message?: Record<string, unknown>;
  callbackQuery?: Record<string, unknown> & { message?: Record<string, unknown> };
  callbackId?: number;
}

interface Layer {
  name?: string;
  route?: unknown;
  handle: unknown;
}

interface Req extends AsyncIterable<Buffer> {
  method?: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

interface Res {
  statusCode: number;
  headersSent: boolean;
  status(code: number): Res;
  json(body: unknown): unknown;
  on(event: "close" | "finish", fn: () => void): unknown;
  setHeader(name: string, value: string): unknown;
  end(body?: Uint8Array | string): unknown;
}

type Middleware = (req: Req, res: Res, next: () => void) => void;

interface Internals {
  config: { port: number; host: string; protocol: string; apiURL: string };
  webServer: { _router?: { stack: Layer[] }; use(fn: Middleware): unknown };
  server: (http.Server & { shutdown(cb: () => void): void }) | null;
  webhooks: Record<string, { url: string; secret_token?: string } | undefined>;
  storage: { userMessages: StoredUserUpdate[]; botMessages: StoredBotMessage[] };
  updateId: number;
  messageId: number;
  addUserUpdate(update: StoredUserUpdate): Promise<void>;
  addBotMessage(params: Record<string, unknown>, token: string): Record<string, unknown>;
}

type ApiAnswer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after: number } };

const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;
const BOT_PATH = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;
/** Telegram's Bot API hands out files of at most 20 MB. */
const MAX_DOWNLOAD = 20 * 1024 * 1024;
/** Methods left to the emulator's own routes. */
const EMULATOR_METHODS = new Set(["editMessageText", "editMessageReplyMarkup", "deleteMessage"]);

class ApiError extends FakeApiError {}
const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return value === undefined || value === null || value === "" || !Number.isFinite(n) ? fallback : Math.trunc(n);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** One JSON POST without keep-alive, so no socket outlives the request. */
function postJson(url: string, payload: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const body = JSON.stringify(payload);
  const request = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        agent: false,
        timeout: timeoutMs,
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A multipart body's fields: text as strings, files as their bytes (what grammY's InputFile
 * uploads). Read by hand: grammY writes `name:value` headers and unquoted file names
 * (`filename=x.png`), which Telegram accepts and undici's strict FormData parser refuses.
 */
async function readMultipart(req: Req): Promise<Record<string, unknown>> {
  const boundary = /boundary="?([^";]+)"?/i.exec(String(req.headers["content-type"]))?.[1];
  if (!boundary) throw new Error("multipart body without a boundary");
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, unknown> = {};
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new Error("multipart body not closed");
    const part = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF ending the part
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const bytes = new Uint8Array(part.subarray(split + 4));
    const param = (key: string) => new RegExp(`;\\s*${key}="?([^";\\r\\n]*)"?`, "i").exec(headers)?.[1];
    const name = param("name");
    const fileName = param("filename");
    if (name) fields[name] = fileName === undefined ? Buffer.from(bytes).toString("utf8") : { fileName, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1], bytes };
    at = next;
  }
  return fields;
}

function toTelegramUpdate(update: StoredUserUpdate): Record<string, unknown> {
  if (update.callbackQuery) {
    const cq = update.callbackQuery;
    const chat = isRecord(cq.message?.chat) ? cq.message.chat : undefined;
    return {
      update_id: update.updateId,
      callback_query: {
        id: String(update.callbackId),
        from: cq.from,
        message: cq.message,
        chat_instance: String(chat?.id ?? update.botToken),
        data: cq.data,
      },
    };
  }
  const { botToken: _token, ...message } = update.message ?? {};
  return { update_id: update.updateId, message: { ...message, message_id: update.messageId } };
}

function toReply(stored: StoredBotMessage): BotReply {
  const params = stored.message;
  const method = stored.method ?? "sendMessage";
  const replyMarkup = isRecord(params.reply_markup) ? params.reply_markup : undefined;
  const inline = replyMarkup?.inline_keyboard;
  const reply: BotReply = {
    method,
    messageId: stored.messageId,
    chatId: params.chat_id as number | string,
    params,
  };
  if (typeof params.text === "string") reply.text = params.text;
  if (replyMarkup) reply.replyMarkup = replyMarkup;
  if (Array.isArray(inline)) reply.inlineKeyboard = inline as InlineKeyboardButton[][];
  if (method === "sendContact") {
    reply.contact = {
      phone_number: String(params.phone_number),
      first_name: String(params.first_name),
      ...(params.last_name !== undefined && { last_name: String(params.last_name) }),
      ...(params.vcard !== undefined && { vcard: String(params.vcard) }),
    };
  }
  return reply;
}

function describeReply(r: BotReply): string {
  const buttons = r.inlineKeyboard
    ?.flat()
    .map((b) => ("callback_data" in b ? `[${b.text}|${b.callback_data}]` : `[${b.text}]`))
    .join("");
  const body = r.contact ? `contact ${r.contact.first_name} ${r.contact.phone_number}` : JSON.stringify(r.text);
  return `${r.method} #${r.messageId}: ${body}${buttons ? ` ${buttons}` : ""}`;
}

// ---------------------------------------------------------------------------------------------

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const maxLongPollMs = options.maxLongPollMs ?? 5_000;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
  const botInfo: UserFromGetMe = {
    id: 666,
    is_bot: true,
    first_name: "Test Bot",
    username: "TestNameBot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...options.botInfo,
  } as UserFromGetMe;
  const botUser = {
    id: botInfo.id,
    is_bot: true,
    first_name: botInfo.first_name,
    username: botInfo.username,
  };

  const server = new TelegramServer({ host: "127.0.0.1" });
  const srv = server as unknown as Internals;

  const calls: ApiCall[] = [];
  const deliveries: WebhookDelivery[] = [];
  const files = new Map<string, { doc: FakeDocument; bytes: Uint8Array; filePath: string; missing: boolean }>();
  const downloads: FileDownload[] = [];
  const photos: SentPhoto[] = [];
  const custom = new Map<string, MethodHandler>();
  const waiters = new Set<{ token: string; wake: () => void }>();
  let stopped = false;

  const wake = (token?: string) => {
    for (const w of [...waiters]) if (token === undefined || w.token === token) w.wake();
  };

  const pending = (token: string, offset: number) => srv.storage.userMessages.filter((u) => u.botToken === token && !u.isRead && u.updateId >= offset);

  // --- webhook delivery / storage of user updates (replaces the emulator's addUserUpdate) ---
  srv.addUserUpdate = async (update: StoredUserUpdate) => {
    if (!update.botToken) throw new Error("update without botToken");
    // Reserve ids now: the emulator only bumps them after the webhook answered.
    srv.updateId++;
    srv.messageId++;
    const webhook = srv.webhooks[update.botToken];
    if (!webhook) {
      srv.storage.userMessages.push(update);
      wake(update.botToken);
      return;
    }
    const delivery: WebhookDelivery = {
      token: update.botToken,
      updateId: update.updateId,
      url: webhook.url,
      withSecret: Boolean(webhook.secret_token),
      ok: false,
    };
    deliveries.push(delivery);
    try {
      const headers: Record<string, string> = webhook.secret_token ? { [SECRET_HEADER]: webhook.secret_token } : {};
      const res = await postJson(webhook.url, toTelegramUpdate(update), headers, webhookTimeoutMs);
      delivery.status = res.status;
      delivery.body = res.body;
      delivery.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      delivery.error = err instanceof Error ? err.message : String(err);
    }
  };

  // --- Bot API front middleware ---
  const storeBotMessage = (method: string, params: Record<string, unknown>, token: string) => {
    const result = srv.addBotMessage(params, token);
    const stored = srv.storage.botMessages.find((m) => m.messageId === result.message_id);
    if (stored) stored.method = method;
    return {
      ...result,
      from: botUser,
      date: Math.floor((stored?.time ?? Date.now()) / 1000),
    };
  };

  const requireChat = (params: Record<string, unknown>) => {
    if (params.chat_id === undefined || params.chat_id === "") throw badRequest("chat_id is empty");
  };

  const builtins: Record<string, MethodHandler> = {
    getMe: () => botInfo,
    setWebhook: (params, token) => {
      const url = typeof params.url === "string" ? params.url : "";
      if (url === "") {
        // Telegram treats an empty url as "remove webhook".
        srv.webhooks[token] = undefined;
        return true;
      }
      if (!/^https?:\/\//.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      const secret = params.secret_token;
      if (secret !== undefined && (typeof secret !== "string" || !SECRET_RE.test(secret))) {
        throw badRequest("secret token contains unallowed characters");
      }
      if (params.drop_pending_updates === true || params.drop_pending_updates === "true") {
        for (const u of pending(token, 0)) u.isRead = true;
      }
      srv.webhooks[token] = { url, ...(typeof secret === "string" && { secret_token: secret }) };
      return true;
    },
    deleteWebhook: (params, token) => {
      srv.webhooks[token] = undefined;
      if (params.drop_pending_updates === true || params.drop_pending_updates === "true") {
        for (const u of pending(token, 0)) u.isRead = true;
      }
      return true;
    },
    getWebhookInfo: (_params, token) => ({
      url: srv.webhooks[token]?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: pending(token, 0).length,
    }),
    sendMessage: (params, token) => {
      requireChat(params);
      const text = params.text;
      if (typeof text !== "string" || text.trim() === "") throw badRequest("message text is empty");
      if (params.parse_mode === undefined && text.length > 4096) throw badRequest("message is too long");
      return storeBotMessage("sendMessage", params, token);
    },
    sendContact: (params, token) => {
      requireChat(params);
      if (typeof params.phone_number !== "string" || params.phone_number === "") {
        throw badRequest("phone number is empty"); // wording approximated
      }
      if (typeof params.first_name !== "string" || params.first_name === "") {
        throw badRequest("first name is empty"); // wording approximated
      }
      const message = storeBotMessage("sendContact", params, token);
      return {
        ...message,
        contact: {
          phone_number: params.phone_number,
          first_name: params.first_name,
          ...(params.last_name !== undefined && { last_name: params.last_name }),
          ...(params.vcard !== undefined && { vcard: params.vcard }),
        },
      };
    },
    sendPhoto: (params, token) => {
      requireChat(params);
      let photo = params.photo;
      if (typeof photo === "string" && photo.startsWith("attach://")) photo = params[photo.slice("attach://".length)];
      const upload = isRecord(photo) && photo.bytes instanceof Uint8Array ? (photo as { fileName?: string; contentType?: string; bytes: Uint8Array }) : undefined;
      if (!upload && (typeof photo !== "string" || photo === "")) throw badRequest("there is no photo in the request");
      if (upload && upload.bytes.byteLength === 0) throw badRequest("file must be non-empty");
      if (params.caption !== undefined && String(params.caption).length > 1024) throw badRequest("message caption is too long");
      // The emulator stores plain data: the bytes stay in `photos`, the message holds the caption.
      const stored: Record<string, unknown> = { chat_id: params.chat_id, ...(params.caption !== undefined && { caption: String(params.caption) }) };
      const message = storeBotMessage("sendPhoto", stored, token);
      const id = Number((message as Record<string, unknown>).message_id);
      photos.push({
        chatId: String(params.chat_id),
        messageId: id,
        ...(params.caption !== undefined && { caption: String(params.caption) }),
        ...(upload ? { fileName: upload.fileName, contentType: upload.contentType, bytes: upload.bytes } : { bytes: new Uint8Array(), ref: String(photo) }),
      });
      const size = upload?.bytes.byteLength ?? 0;
      return { ...message, photo: [{ file_id: `PHOTO-${id}`, file_unique_id: `P${id}`, width: 1280, height: 640, file_size: size }] };
    },
    sendChatAction: (params) => {
      requireChat(params);
      return true;
    },
    answerCallbackQuery: () => true,
    getFile: (params) => {
      const file = files.get(String(params.file_id ?? ""));
      if (!file) throw badRequest("invalid file_id");
      if ((file.doc.file_size ?? 0) > MAX_DOWNLOAD) throw badRequest("file is too big");
      return { file_id: file.doc.file_id, file_unique_id: file.doc.file_unique_id, file_size: file.doc.file_size, file_path: file.filePath };
    },
  };

  const answer = (res: Res, call: ApiCall, body: ApiAnswer) => {
    if (res.headersSent) return;
    if (!body.ok) call.error = `${body.error_code} ${body.description}`;
    res.status(body.ok ? 200 : body.error_code).json(body);
  };

  const toAnswer = (err: unknown): ApiAnswer => {
    if (err instanceof FakeApiError) {
      return {
        ok: false,
        error_code: err.code,
        description: err.description,
        ...(err.retryAfter !== undefined && { parameters: { retry_after: err.retryAfter } }),
      };
    }
    return { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` };
  };

  const getUpdates = (token: string, params: Record<string, unknown>, res: Res, call: ApiCall) => {
    if (srv.webhooks[token]) {
      answer(res, call, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
      return;
    }
    const offset = toInt(params.offset, 0);
    const limit = Math.min(100, Math.max(1, toInt(params.limit, 100)));
    const waitMs = Math.min(maxLongPollMs, Math.max(0, Number(params.timeout ?? 0) * 1000 || 0));
    // A call with an offset confirms every update below it.
    for (const u of srv.storage.userMessages) {
      if (u.botToken === token && u.updateId < offset) u.isRead = true;
    }
    const respond = () => {
      const result = pending(token, offset).slice(0, limit).map(toTelegramUpdate);
      answer(res, call, { ok: true, result });
    };
    if (pending(token, offset).length > 0 || waitMs === 0 || stopped) {
      respond();
      return;
    }
    let done = false;
    const finish = (send: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiters.delete(waiter);
      if (send) respond();
    };
    const waiter = { token, wake: () => finish(true) };
    const timer = setTimeout(() => finish(true), waitMs);
    waiters.add(waiter);
    res.on("close", () => finish(false)); // client aborted (grammY's bot.stop()) or answered
  };

  const serveFile = (req: Req, res: Res): boolean => {
    const match = FILE_PATH.exec(req.path);
    if (!match || (req.method ?? "GET") !== "GET") return false;
    const token = decodeURIComponent(match[1]!);
    const filePath = match[2]!;
    const file = [...files.values()].find((f) => f.filePath === filePath && !f.missing);
    // Telegram's file URLs need the bot's token; the fake accepts any token a bot has used.
    const known = calls.some((c) => c.token === token);
    const status = file && known ? 200 : 404;
    downloads.push({ token, filePath, status });
    res.status(status);
    if (status === 200) {
      res.setHeader("content-type", file!.doc.mime_type ?? "application/octet-stream");
      res.setHeader("content-length", String(file!.bytes.byteLength));
      res.end(Buffer.from(file!.bytes));
    } else {
      res.json({ ok: false, error_code: 404, description: "Not Found" });
    }
    return true;
  };

  const front: Middleware = (req, res, next) => {
    if (serveFile(req, res)) return;
    const match = BOT_PATH.exec(req.path);
    if (!match) {
      next();
      return;
    }
    if (String(req.headers["content-type"] ?? "").startsWith("multipart/form-data") && !isRecord((req as { multipart?: unknown }).multipart)) {
      readMultipart(req).then(
        (fields) => {
          (req as { multipart?: unknown }).multipart = fields;
          front(req, res, next);
        },
        (err: unknown) => res.status(400).json({ ok: false, error_code: 400, description: `Bad Request: ${String(err)}` }),
      );
      return;
    }
    const token = decodeURIComponent(match[1]!);
    const method = match[2]!;
    const multipart = (req as { multipart?: Record<string, unknown> }).multipart;
    const params: Record<string, unknown> = {
      ...(isRecord(req.query) ? req.query : {}),
      ...(isRecord(req.body) ? req.body : {}),
      ...multipart,
    };
    // grammY sends every field of a multipart body as text, objects as JSON.
    if (multipart) for (const k of ["chat_id", "reply_markup", "caption_entities"]) if (k in params) params[k] = parseMaybeJson(params[k]);
    if ("reply_markup" in params) params.reply_markup = parseMaybeJson(params.reply_markup);
    const call: ApiCall = { token, method, params, at: Date.now() };
    calls.push(call);
    res.on("finish", () => {
      call.status = res.statusCode;
    });

    const handler = custom.get(method) ?? (Object.hasOwn(builtins, method) ? builtins[method] : undefined);
    if (!handler && method === "getUpdates") {
      getUpdates(token, params, res, call);
      return;
    }
    if (!handler && EMULATOR_METHODS.has(method)) {
      next();
      return;
    }
    if (!handler) {
      answer(res, call, {
        ok: false,
        error_code: 404,
        description: `Not Found: method '${method}' is not emulated (telegram-test-api + tests/support/fake-telegram.ts); add it with fake.handle()`,
      });
      return;
    }
    Promise.resolve()
      .then(() => handler(params, token))
      .then(
        (result) => answer(res, call, { ok: true, result: result ?? true }),
        (err: unknown) => answer(res, call, toAnswer(err)),
      );
  };

  const stack = srv.webServer._router?.stack;
  if (!Array.isArray(stack)) {
    throw new Error("telegram-test-api internals changed: express app has no _router.stack");
  }
  const firstRoute = stack.findIndex((layer) => layer.route !== undefined);
  srv.webServer.use(front);
  const frontLayer = stack.pop();
  if (firstRoute < 0 || frontLayer?.handle !== front) {
    throw new Error("telegram-test-api internals changed: cannot place the harness middleware");
  }
  stack.splice(firstRoute, 0, frontLayer);

  // --- start on a free port ---
  srv.config.port = 0; // normalizeConfig turned 0 into 9000; listen(0) picks a free port
  await server.start();
  const address = srv.server?.address();
  if (!address || typeof address === "string") throw new Error("fake Telegram did not bind a TCP port");
  const port = address.port;
  const apiRoot = `http://127.0.0.1:${port}`;
  srv.config.port = port;
  srv.config.apiURL = apiRoot;

  // --- test users ---
  let nextUserId = 1001;

  const checkDelivery = (token: string, updateId: number, what: string) => {
    const d = deliveries.find((x) => x.token === token && x.updateId === updateId);
    if (d && !d.ok) {
      const why = d.error ?? `HTTP ${d.status}: ${d.body?.slice(0, 200)}`;
      throw new Error(`Webhook ${d.url} did not accept ${what} (update ${updateId}): ${why}`);
    }
  };

  const recentCalls = (token: string) => {
    const mine = calls.filter((c) => c.token === token);
    const polls = mine.filter((c) => c.method === "getUpdates").length;
    const others = mine
      .filter((c) => c.method !== "getUpdates")
      .slice(-12)
      .map((c) => `${c.method} ${c.status ?? "pending"}${c.error ? ` (${c.error})` : ""}`);
    const failed = deliveries.filter((d) => d.token === token && !d.ok).map((d) => `update ${d.updateId} -> ${d.error ?? d.status}`);
    return (
      `bot API calls for this token: [${others.join(", ")}], getUpdates x${polls}` +
      (srv.webhooks[token] ? `; webhook ${srv.webhooks[token]!.url}` : "; no webhook") +
      (failed.length ? `; failed webhook deliveries: ${failed.join(", ")}` : "")
    );
  };

  const user = (token: string, opts: FakeUserOptions = {}): FakeUser => {
    const userId = opts.userId ?? nextUserId++;
    const chatId = opts.chatId ?? userId;
    const client = server.getClient(token, {
      userId,
      chatId,
      firstName: opts.firstName ?? "Test",
      userName: opts.userName ?? `user${userId}`,
      type: opts.chatType ?? "private",
    });
    const buffer: BotReply[] = [];
    const withPhoto = (r: BotReply): BotReply => {
      const photo = r.method === "sendPhoto" ? photos.find((p) => p.messageId === r.messageId) : undefined;
      return photo ? { ...r, photo } : r;
    };

    const pull = async () => {
      const res = await postJson(`${apiRoot}/getUpdates`, { token, chatId });
      const data = JSON.parse(res.body) as { ok?: boolean; result?: StoredBotMessage[] };
      if (!Array.isArray(data.result)) throw new Error(`fake Telegram client API answered ${res.body}`);
      buffer.push(...data.result.map(toReply).map(withPhoto));
    };

    const nextReplies = async (count = 1, timeoutMs = 3_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await pull();
        if (buffer.length >= count) return buffer.splice(0, count);
        if (stopped) throw new Error("fake Telegram is stopped");
        if (Date.now() >= deadline) {
          throw new Error(
            `Timed out after ${timeoutMs} ms waiting for ${count} bot message(s) in chat ${chatId}; ` +
              `got ${buffer.length}: [${buffer.map(describeReply).join("; ")}]. ${recentCalls(token)}`,
          );
        }
        await sleep(15);
      }
    };

    return {
      token,
      userId,
      chatId,
      async sendDocument(document: FakeDocument, docOpts: { caption?: string } = {}) {
        const updateId = srv.updateId;
        const message: Record<string, unknown> = client.makeMessage("");
        delete message.text;
        message.document = document;
        if (docOpts.caption !== undefined) message.caption = docOpts.caption;
        await server.addUserMessage(message as never);
        checkDelivery(token, updateId, `document ${JSON.stringify(document.file_name ?? document.file_id)}`);
      },
      async say(text: string) {
        const updateId = srv.updateId;
        if (text.startsWith("/")) await server.addUserCommand(client.makeCommand(text));
        else await server.addUserMessage(client.makeMessage(text));
        checkDelivery(token, updateId, JSON.stringify(text));
      },
      async tap(callbackData: string, tapOpts: { messageId?: number } = {}) {
        const inChat = srv.storage.botMessages.filter((m) => m.botToken === token && String(m.message.chat_id) === String(chatId));
        const hasButton = (m: StoredBotMessage) => (toReply(m).inlineKeyboard ?? []).flat().some((b) => "callback_data" in b && b.callback_data === callbackData);
        const target = tapOpts.messageId !== undefined ? inChat.find((m) => m.messageId === tapOpts.messageId) : [...inChat].reverse().find(hasButton);
        if (!target) {
          const seen = inChat.filter((m) => toReply(m).inlineKeyboard).map((m) => describeReply(toReply(m)));
          throw new Error(
            `No bot message in chat ${chatId} ${tapOpts.messageId !== undefined ? `with id ${tapOpts.messageId}` : `has a button with callback_data ${JSON.stringify(callbackData)}`}; ` +
              `messages with inline keyboards: [${seen.join("; ")}]`,
          );
        }
        const reply = toReply(target);
        const message: Record<string, unknown> = {
          message_id: target.messageId,
          date: Math.floor(target.time / 1000),
          from: botUser,
          ...(reply.text !== undefined && { text: reply.text }),
          ...(reply.replyMarkup && { reply_markup: reply.replyMarkup }),
        };
        const updateId = srv.updateId;
        await server.addUserCallback(client.makeCallbackQuery(callbackData, { message }) as never);
        checkDelivery(token, updateId, `callback ${JSON.stringify(callbackData)}`);
      },
      nextReplies,
      async waitForReply(timeoutMs?: number) {
        const [reply] = await nextReplies(1, timeoutMs);
        return reply!;
      },
      async drain() {
        await pull();
        return buffer.splice(0, buffer.length);
      },
      async history() {
        const res = await postJson(`${apiRoot}/getUpdatesHistory`, { token });
        const data = JSON.parse(res.body) as { result?: Array<StoredBotMessage | StoredUserUpdate> };
        return (data.result ?? [])
          .filter((item): item is StoredBotMessage => isRecord(item.message) && "chat_id" in item.message && String(item.message.chat_id) === String(chatId))
          .map(toReply);
      },
    };
  };

  return {
    apiRoot,
    port,
    botInfo,
    server,
    user,
    calls(filter = {}) {
      return calls.filter((c) => (filter.token === undefined || c.token === filter.token) && (filter.method === undefined || c.method === filter.method));
    },
    addFile(file) {
      const n = files.size + 1;
      const bytes = typeof file.bytes === "string" ? new TextEncoder().encode(file.bytes) : file.bytes;
      const ext = file.fileName && /\.[A-Za-z0-9]+$/.exec(file.fileName)?.[0];
      const doc: FakeDocument = {
        file_id: `DOC-${n}-${Date.now().toString(36)}`,
        file_unique_id: `U${n}`,
        ...(file.fileName !== undefined && { file_name: file.fileName }),
        ...(file.mimeType !== undefined && { mime_type: file.mimeType }),
        file_size: file.size ?? bytes.byteLength,
      };
      files.set(doc.file_id, { doc, bytes, filePath: `documents/file_${n}${ext ?? ""}`, missing: file.missing ?? false });
      return doc;
    },
    fileDownloads() {
      return [...downloads];
    },
    photos() {
      return [...photos];
    },
    webhookDeliveries(token?: string) {
      return deliveries.filter((d) => token === undefined || d.token === token);
    },
    webhookOf(token: string) {
      return srv.webhooks[token];
    },
    handle(method: string, fn: MethodHandler | null) {
      if (fn) custom.set(method, fn);
      else custom.delete(method);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (waiters.size > 0) {
        const tokens = [...new Set([...waiters].map((w) => w.token))].join(", ");
        console.warn(
          `fake Telegram stopped while a bot was still long-polling (token ${tokens}): ` + "call bot.stop() before fake.stop(), or grammY retries every 3 s against a closed port",
        );
      }
      wake(); // answer held getUpdates calls so the server can shut down
      await server.stop();
    },
  };
}

/**
 * Starts grammY long polling and resolves once polling is set up (after getMe and deleteWebhook).
 * `stop()` stops the bot and waits for `bot.start()` to settle, rethrowing its error if any.
 */
export async function startPolling(bot: Bot, options: { timeout?: number } = {}): Promise<{ stop(): Promise<void> }> {
  let started!: () => void;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const running = bot.start({ timeout: options.timeout, onStart: () => started() });
  await Promise.race([ready, running]);
  return {
    async stop() {
      await bot.stop();
      await running;
    },
  };
}
