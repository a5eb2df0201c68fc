import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * Security headers for the pages people open in a browser (the staff console; the public chat
 * later): a strict Content-Security-Policy (scripts and styles from this origin only, no framing,
 * forms posting only here), no referrer, no MIME sniffing. HSTS and upgrade-insecure-requests only
 * when the public address is https: over plain http (a local test) they would break the page.
 */
export function securityHeaders({ https }: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: "no-referrer" },
  });
}
