import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody, waitableList } from "./recorded.ts";

// A local stand-in for both Zalo OA endpoints the adapter uses:
// - OAuth `POST /v4/oa/access_token` (form body, `secret_key` header): issues a new access token and
//   a new refresh token, and refuses a refresh token that was already used (they are single-use);
// - OA API `POST /v3.0/oa/message/cs` (`access_token` header, JSON body): errors come with HTTP 200
//   and `error` < 0, success is `error: 0`, an unknown or expired token gets -216.

export type Kind = "token" | "message";

export interface RecordedRequest {
  kind: Kind;
  /** The `access_token` header (message) or the `refresh_token` field (token). */
  token: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface SentMessage {
  user_id: string;
  text: string;
}

export interface ScriptedFailure {
  httpStatus?: number;
  body: Record<string, unknown> | string;
}

export interface FakeZaloOaOptions {
  appId: string;
  /** The app secret expected in the `secret_key` header of refresh calls. */
  secretKey: string;
  refreshToken: string;
  accessToken?: string;
  /** What `expires_in` says; a string, as Zalo sends it. */
  expiresIn?: string | number;
  /** Called with "token:<refresh token used>" and "message:<access token>" as requests arrive. */
  trace?: (event: string) => void;
}

export interface FakeZaloOa {
  apiRoot: string;
  oauthRoot: string;
  requests: RecordedRequest[];
  sent: SentMessage[];
  /** Every token this server ever handed out or accepted, to check that none reaches a log. */
  allTokens: Set<string>;
  currentRefreshToken(): string;
  /** Makes the server refuse every access token issued so far, as if they had expired. */
  expireAccessTokens(): void;
  /** Accepts `token` as a valid refresh token (an operator re-authorising the OA). */
  addRefreshToken(token: string): void;
  failNext(kind: Kind, failure: ScriptedFailure, times?: number): void;
  count(kind: Kind): number;
  waitForMessages(n: number, timeoutMs?: number): Promise<SentMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

const fresh = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;

export async function startFakeZaloOa(options: FakeZaloOaOptions): Promise<FakeZaloOa> {
  const requests: RecordedRequest[] = [];
  const outbox = waitableList<SentMessage>("sent messages");
  const sent = outbox.items;
  const failures = new Map<Kind, ScriptedFailure[]>();
  const validAccess = new Set<string>(options.accessToken ? [options.accessToken] : []);
  const validRefresh = new Set<string>([options.refreshToken]);
  const allTokens = new Set<string>([options.refreshToken, ...validAccess]);
  let current = options.refreshToken;
  let nextMessageId = 1;

  const server = createServer(async (req, res) => {
    const reply = (status: number, body: Record<string, unknown> | string) => {
      res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0];
    const kind: Kind | undefined = path === "/v4/oa/access_token" ? "token" : path === "/v3.0/oa/message/cs" ? "message" : undefined;
    if (!kind || req.method !== "POST") return reply(404, { error: 404, message: "Not Found" });
    let body: Record<string, unknown>;
    if (kind === "token") body = Object.fromEntries(new URLSearchParams(raw));
    else {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return reply(200, { error: -201, message: "Parameters are invalid" });
      }
    }
    const token = String(kind === "token" ? (body.refresh_token ?? "") : (req.headers.access_token ?? ""));
    requests.push({ kind, token, headers: req.headers, body });
    options.trace?.(`${kind}:${token}`);
    const scripted = failures.get(kind)?.shift();
    if (scripted) return reply(scripted.httpStatus ?? 200, scripted.body);

    if (kind === "token") {
      if (req.headers.secret_key !== options.secretKey || body.app_id !== options.appId || body.grant_type !== "refresh_token") {
        return reply(200, { error: -14002, error_name: "Invalid parameter", error_description: "app_id, secret_key or grant_type is wrong" });
      }
      // Single use: the token is spent by this request whatever happens to the answer.
      if (!validRefresh.delete(token)) return reply(200, { error: -14014, error_name: "Invalid refresh token", error_description: "refresh token is invalid or has been used" });
      const access = fresh("AT");
      current = fresh("RT");
      validAccess.add(access);
      validRefresh.add(current);
      allTokens.add(access).add(current);
      return reply(200, { access_token: access, refresh_token: current, expires_in: options.expiresIn ?? "90000" });
    }
    if (!validAccess.has(token)) return reply(200, { error: -216, message: "Access token is invalid" });
    const userId = (body.recipient as { user_id?: unknown } | undefined)?.user_id;
    const text = (body.message as { text?: unknown } | undefined)?.text;
    if (typeof userId !== "string" || typeof text !== "string" || text.length < 1 || text.length > 2000) {
      return reply(200, { error: -201, message: "Parameters are invalid: user_id must be a string, text 1-2000 characters" });
    }
    outbox.push({ user_id: userId, text });
    return reply(200, { error: 0, message: "Success", data: { message_id: `mid${nextMessageId++}`, user_id: userId } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot: root,
    oauthRoot: root,
    requests,
    sent,
    allTokens,
    currentRefreshToken: () => current,
    expireAccessTokens: () => validAccess.clear(),
    addRefreshToken(token) {
      validRefresh.add(token);
      allTokens.add(token);
      current = token;
    },
    failNext(kind, failure, times = 1) {
      const queue = failures.get(kind) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(kind, queue);
    },
    count: (kind) => requests.filter((r) => r.kind === kind).length,
    waitForMessages: (n, timeoutMs) => outbox.waitFor(n, timeoutMs),
    reset() {
      requests.length = 0;
      sent.length = 0;
      failures.clear();
    },
    close: () => closeServer(server),
  };
}
