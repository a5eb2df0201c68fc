import type { Server } from "node:http";
import express, { type Express, type NextFunction, type Request, type Response, type Router } from "express";
import type { Registry } from "prom-client";
import type { Logger } from "./services/logger.ts";
import type { Readiness } from "./services/readiness.ts";

export interface Mount {
  path: string;
  router: Router;
}

export interface AppOptions {
  logger: Logger;
  mounts: Mount[];
  health: () => Record<string, unknown>;
  /** `/readyz`: 200 only when ready. */
  readiness?: () => Promise<Readiness>;
  /** `/metrics`, in Prometheus text format. */
  metrics?: Registry;
  /** Express's "trust proxy": which proxies' X-Forwarded-For gives `req.ip` (default: none). */
  trustProxy?: number | string[] | false;
}

/** The HTTP face of the service: liveness, readiness, metrics and the channel webhooks switched on. */
export function createApp({ logger, mounts, health, readiness, metrics, trustProxy = false }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true, ...health() });
  });
  if (readiness) {
    app.get("/readyz", async (_req, res) => {
      const state = await readiness();
      res.status(state.ready ? 200 : 503).json({ ok: state.ready, ...state });
    });
  }
  if (metrics) {
    app.get("/metrics", async (_req, res, next) => {
      try {
        const text = await metrics.metrics();
        res.type(metrics.contentType).send(text);
      } catch (err) {
        next(err);
      }
    });
  }
  for (const { path, router } of mounts) app.use(path, router);
  app.use((_req, res) => {
    res.status(404).json({ ok: false, error: "not found" });
  });
  // Body-parser errors (malformed JSON, body too large) carry a status; anything else is ours.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    logger.warn({ event: "http_error", path: req.path, status, reason: err.type ?? err.message }, "request rejected");
    if (!res.headersSent) res.status(status).json({ ok: false, error: status === 500 ? "internal error" : (err.type ?? "bad request") });
  });
  return app;
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once("error", reject);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
