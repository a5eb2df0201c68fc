import path from "node:path";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { AnswerFn } from "../../handlers/types.ts";
import type { Logger } from "../../services/logger.ts";
import { securityHeaders } from "../security-headers.ts";
import { type AskOptions, ask, chatIdFrom, newChatId } from "./conversation.ts";
import { ASSETS_DIR, renderChat } from "./views.ts";

export interface ChatOptions {
  answer: AnswerFn;
  logger: Logger;
  /** PUBLIC_URL: its path prefix (behind a proxy) goes into the page's links, its scheme decides HSTS. */
  publicUrl: string;
  /** CHAT_EMBED_ORIGINS: who may frame the page (["*"]: any site). */
  embedOrigins: string[];
  /** CHAT_PER_MINUTE: questions one client address may send a minute; 0 switches the limit off. */
  perMinute: number;
  onAnswered?: AskOptions["onAnswered"];
}

const TOO_FAST = "Bạn gửi câu hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp nhé.";
const NOT_JSON = 'Yêu cầu phải là JSON: {"text": "câu hỏi"}.';
const BAD_REQUEST = "Yêu cầu không hợp lệ.";
const TOO_LARGE = "Câu hỏi quá dài.";
// A question is at most 1000 characters (the core's MAX_QUESTION_LENGTH); in UTF-8, with JSON's
// \u escapes or a form's %XX encoding, that fits well within 16 kB.
const BODY_LIMIT = "16kb";

/** The public web chat, mounted at /chat: the page, its JSON endpoint, and the embeddable widget. */
export function createChatRouter({ answer, logger, publicUrl, embedOrigins, perMinute, onAnswered }: ChatOptions): Router {
  const url = new URL(publicUrl);
  const base = `${url.pathname.replace(/\/+$/, "")}/chat`;
  const asking: AskOptions = { answer, logger, onAnswered };
  const router = express.Router();
  const isEmbed = (req: Request) => req.query.embed === "1";

  router.use(securityHeaders({ https: url.protocol === "https:", frameAncestors: embedOrigins }));
  router.use("/assets", express.static(ASSETS_DIR, { maxAge: "1h", index: false }));
  // The one file other sites load: found from its own address, it needs no setting on their side.
  router.get("/widget.js", (_req, res) => {
    res.type("text/javascript; charset=utf-8").set("Cache-Control", "public, max-age=3600").sendFile(path.join(ASSETS_DIR, "widget.js"));
  });

  router.get("/", (req, res) => renderChat(res, 200, { base, embed: isEmbed(req), chatId: newChatId(), messages: [] }));

  // Per client address: the page's conversation id is made up by the browser, so it cannot be the key.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    skip: () => perMinute === 0,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // Said once in our own log format instead (below).
    validate: { xForwardedForHeader: false },
    handler: (req, res) => {
      logger.warn({ event: "web_limited", via: req.path === "/api" ? "api" : "form" }, "web chat message over the rate limit");
      if (req.path === "/api") return void res.status(429).json({ error: TOO_FAST });
      const draft = typeof req.body?.text === "string" ? req.body.text : "";
      renderChat(res, 429, {
        base,
        embed: isEmbed(req),
        chatId: chatIdFrom(req.body?.chatId),
        draft,
        messages: [{ from: "bot", text: TOO_FAST, parts: [{ text: TOO_FAST }], buttons: [], contacts: [] }],
      });
    },
  });

  // A proxy in front that TRUST_PROXY does not name makes every citizen one address, one limit.
  let proxyWarned = false;
  router.post(["/", "/api"], (req, _res, next) => {
    if (!proxyWarned && req.headers["x-forwarded-for"] && !req.app.get("trust proxy")) {
      proxyWarned = true;
      logger.warn({ event: "web_proxy_untrusted" }, "X-Forwarded-For received but TRUST_PROXY is not set: all clients behind the proxy share one rate limit");
    }
    next();
  });

  // Without JavaScript: the form posts here and gets the page back with this turn of the conversation.
  router.post("/", express.urlencoded({ extended: false, limit: BODY_LIMIT }), limiter, async (req, res) => {
    const text = typeof req.body?.text === "string" ? req.body.text : "";
    const chatId = chatIdFrom(req.body?.chatId);
    const { reply, ok } = await ask(asking, { text, chatId, ip: req.ip, via: "form" });
    renderChat(res, ok ? 200 : 500, {
      base,
      embed: isEmbed(req),
      chatId,
      messages: [
        { from: "user", text },
        { from: "bot", ...reply },
      ],
    });
  });

  // With JavaScript: {text, chatId} in, {text, parts, buttons, contacts} out.
  router.post("/api", (req, res, next) => {
    if (!req.is("application/json")) return void res.status(415).json({ error: NOT_JSON });
    next();
  });
  router.post("/api", express.json({ limit: BODY_LIMIT }), limiter, async (req, res) => {
    const text: unknown = req.body?.text;
    if (typeof text !== "string") return void res.status(400).json({ error: NOT_JSON });
    const { reply, ok } = await ask(asking, { text, chatId: chatIdFrom(req.body?.chatId), ip: req.ip, via: "api" });
    res
      .status(ok ? 200 : 500)
      .set("Cache-Control", "no-store")
      .json(reply);
  });

  router.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 0;
    if (!status || res.headersSent) return next(err);
    logger.warn({ event: "web_bad_request", path: req.path, status, reason: err.type ?? err.message }, "web chat request rejected");
    const message = status === 413 ? TOO_LARGE : BAD_REQUEST;
    if (req.path === "/api") return void res.status(status).json({ error: message });
    res.status(status).type("text").send(message);
  });
  return router;
}
