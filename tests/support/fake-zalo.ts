import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody, waitableList } from "./recorded.ts";

// A local stand-in for the Zalo Bot Platform API: `POST /bot<token>/<method>` with a JSON body,
// answered with `{ ok, result }` (errors with HTTP 200 and `error_code`, as Zalo does).

export interface RecordedRequest {
  method: string;
  token: string;
  body: Record<string, unknown>;
}

export interface SentMessage {
  chat_id: string;
  text: string;
}

export interface SentPhoto {
  chat_id: string;
  photo: string;
  caption?: string;
}

export interface ScriptedFailure {
  /** HTTP status of the failing answer; 200 by default, like Zalo's own errors. */
  httpStatus?: number;
  /** A JSON body (`{ ok: false, error_code, description }`) or raw text (e.g. a proxy's HTML page). */
  body: Record<string, unknown> | string;
}

export interface FakeZalo {
  apiRoot: string;
  /** Every request, failed or not, in arrival order. */
  requests: RecordedRequest[];
  /** Bodies of sendMessage calls that succeeded. */
  sent: SentMessage[];
  /** Bodies of sendPhoto calls that succeeded (the photo is its URL: Zalo fetches it itself). */
  photos: SentPhoto[];
  webhook: { url?: string; secret_token?: string };
  failNext(method: string, failure: ScriptedFailure, times?: number): void;
  waitForMessages(n: number, timeoutMs?: number): Promise<SentMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeZalo({ token }: { token?: string } = {}): Promise<FakeZalo> {
  const requests: RecordedRequest[] = [];
  const outbox = waitableList<SentMessage>("sent messages");
  const sent = outbox.items;
  const photos: SentPhoto[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const webhook: FakeZalo["webhook"] = {};
  let nextMessageId = 1;

  const server = createServer(async (req, res) => {
    const reply = (status: number, body: Record<string, unknown> | string) => {
      res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? "");
    const raw = await readBody(req);
    if (!match || req.method !== "POST") return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, reqToken, method] = match;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return reply(200, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
    }
    requests.push({ method, token: decodeURIComponent(reqToken), body });
    const scripted = failures.get(method)?.shift();
    if (scripted) return reply(scripted.httpStatus ?? 200, scripted.body);
    if (token !== undefined && decodeURIComponent(reqToken) !== token) return reply(200, { ok: false, error_code: 401, description: "Unauthorized" });
    switch (method) {
      case "getMe":
        return reply(200, { ok: true, result: { id: "1234567890123456789", account_name: "bot.test", account_type: "BASIC", can_join_groups: false } });
      case "setWebhook":
        if (typeof body.secret_token !== "string" || body.secret_token.length < 8) {
          return reply(200, { ok: false, error_code: 400, description: "Bad Request: secret_token must be 8-256 characters" });
        }
        Object.assign(webhook, { url: body.url, secret_token: body.secret_token });
        return reply(200, { ok: true, result: { url: body.url, updated_at: Date.now() } });
      case "getWebhookInfo":
        return reply(200, { ok: true, result: { url: webhook.url ?? "", updated_at: Date.now() } });
      case "sendMessage": {
        const { chat_id, text } = body;
        if (typeof chat_id !== "string" || typeof text !== "string" || text.length < 1 || text.length > 2000) {
          return reply(200, { ok: false, error_code: 400, description: "Bad Request: chat_id must be a string, text 1-2000 characters" });
        }
        outbox.push({ chat_id, text });
        return reply(200, { ok: true, result: { message_id: `m${nextMessageId++}`, date: Date.now() } });
      }
      case "sendPhoto": {
        const { chat_id, photo, caption } = body;
        if (
          typeof chat_id !== "string" ||
          typeof photo !== "string" ||
          !/^https?:\/\//.test(photo) ||
          (caption !== undefined && (typeof caption !== "string" || caption.length > 2000))
        ) {
          return reply(200, { ok: false, error_code: 400, description: "Bad Request: chat_id must be a string, photo a URL, caption at most 2000 characters" });
        }
        photos.push({ chat_id, photo, ...(typeof caption === "string" && { caption }) });
        return reply(200, { ok: true, result: { message_id: `m${nextMessageId++}`, date: Date.now() } });
      }
      default:
        return reply(200, { ok: false, error_code: 404, description: "Not Found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    requests,
    sent,
    photos,
    webhook,
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(method, queue);
    },
    waitForMessages: (n, timeoutMs) => outbox.waitFor(n, timeoutMs),
    reset() {
      requests.length = 0;
      sent.length = 0;
      photos.length = 0;
      failures.clear();
    },
    close: () => closeServer(server),
  };
}
