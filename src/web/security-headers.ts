import helmet from "helmet";
import type { RequestHandler } from "express";

export interface SecurityHeaderOptions {
  https: boolean;
  /**
   * Pages that may show this one in a frame (CSP frame-ancestors). None by default (the staff
   * console); the public web chat lists CHAT_EMBED_ORIGINS, so the department's site can embed it.
   */
  frameAncestors?: string[];
}

/**
 * Security headers for the pages people open in a browser (the staff console, the public chat):
 * a strict Content-Security-Policy (scripts and styles from this origin only, no framing unless
 * allowed, forms posting only here), no referrer, no MIME sniffing. HSTS and
 * upgrade-insecure-requests only when the public address is https: over plain http (a local test)
 * they would break the page.
 */
export function securityHeaders({ https, frameAncestors = [] }: SecurityHeaderOptions): RequestHandler {
  const framable = frameAncestors.length > 0;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": framable ? frameAncestors : ["'none'"],
        "upgrade-insecure-requests": https ? [] : null,
      },
    },
    // X-Frame-Options cannot name other sites; browsers that read frame-ancestors ignore it anyway.
    xFrameOptions: framable ? false : { action: "sameorigin" },
    // A framable page and its script are loaded by other sites' pages (the widget's <script src>).
    crossOriginResourcePolicy: { policy: framable ? "cross-origin" : "same-origin" },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: "no-referrer" },
  });
}
