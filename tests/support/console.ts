import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, createApp, listen } from "../../src/server.ts";
import type { Db } from "../../src/services/db.ts";
import { issueLoginToken } from "../../src/services/console/login-tokens.ts";
import { createConsoleRouter, type ConsoleOptions } from "../../src/web/console/router.ts";
import { silentLogger } from "./temp-db.ts";

/** The staff console in a real Express app on 127.0.0.1, with a clock the test moves. */
export interface ConsoleHarness {
  url: string;
  clock: { now: Date };
  staffIds: Set<string>;
  get(path: string, cookie?: string): Promise<Response>;
  post(path: string, form: Record<string, string>, cookie?: string): Promise<Response>;
  /** Signs in as a staff member through a fresh one-time link; the session's Cookie header. */
  signIn(staffId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsole(db: Db, options: Partial<ConsoleOptions> = {}): Promise<ConsoleHarness> {
  const clock = { now: new Date("2026-12-01T03:00:00Z") };
  const staffIds = new Set(["telegram:900", "zalo:abc"]);
  const router = createConsoleRouter({ db, staffIds, publicUrl: "http://127.0.0.1:3000", logger: silentLogger, now: () => clock.now, ...options });
  const app = createApp({ logger: silentLogger, mounts: [{ path: "/console", router }], health: () => ({}) });
  const server: Server = await listen(app, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = (cookie?: string): Record<string, string> => (cookie ? { cookie } : {});
  const get = (path: string, cookie?: string) => fetch(url + path, { redirect: "manual", headers: headers(cookie) });
  return {
    url,
    clock,
    staffIds,
    get,
    post: (path, form, cookie) =>
      fetch(url + path, {
        method: "POST",
        redirect: "manual",
        headers: { ...headers(cookie), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      }),
    async signIn(staffId = "telegram:900") {
      const res = await get(`/console/login?token=${await issueLoginToken(db, staffId, clock.now)}`);
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}, not 303`);
      return cookieOf(res);
    },
    close: () => closeServer(server),
  };
}

/** "console_session=…" from a Set-Cookie header, ready for a Cookie header. */
export const cookieOf = (res: Response): string => (res.headers.get("set-cookie") ?? "").split(";")[0]!;

/** The CSRF token a page's forms carry. */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
