import express, { type Router } from "express";
import type { ChartRenderer } from "../../handlers/chart-render.ts";
import { securityHeaders } from "../security-headers.ts";

// The public chart images (GET /charts/<indicator>.png?measure=level): Zalo's sendPhoto takes a
// public https address, not bytes, so a chart sent on Zalo is served from here. The renderer draws
// only what the bot would answer (the facts it answers from, two periods at least); anything else
// is a 404 that says nothing more. Images are cached for a few minutes, here and by clients.

export interface ChartRouterOptions {
  charts: Pick<ChartRenderer, "png">;
  /** PUBLIC_URL is https: HSTS in the security headers. */
  https: boolean;
  /** Seconds clients and proxies may keep an image (Cache-Control). */
  maxAgeSeconds?: number;
}

const FILE = /^([a-z0-9_]{1,80})\.png$/;
const MEASURE = /^[a-z_]{1,20}$/;

export function createChartRouter({ charts, https, maxAgeSeconds = 300 }: ChartRouterOptions): Router {
  const router = express.Router();
  router.use(securityHeaders({ https }));
  // The picture is meant to be shown elsewhere (Zalo's servers fetch it, a chat page may show it).
  router.use((_req, res, next) => {
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    next();
  });

  router.get("/:file", async (req, res, next) => {
    try {
      const file = FILE.exec(req.params.file ?? "");
      // No measure is the level; a repeated one (an array) is no measure at all.
      const measure = req.query.measure ?? "level";
      const png = file && typeof measure === "string" && MEASURE.test(measure) ? await charts.png({ indicator: file[1]!, measure }) : null;
      if (!png) {
        res.status(404).type("text/plain; charset=utf-8").setHeader("Cache-Control", "no-store");
        res.send("Không có biểu đồ này.");
        return;
      }
      res.status(200).type("image/png").setHeader("Cache-Control", `public, max-age=${maxAgeSeconds}`);
      res.send(Buffer.from(png));
    } catch (err) {
      next(err);
    }
  });

  return router;
}
