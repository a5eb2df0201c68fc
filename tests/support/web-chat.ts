import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createCore } from "../../src/app/core.ts";
import { closeServer, createApp, listen } from "../../src/server.ts";
import type { Db } from "../../src/services/db.ts";
import { type ChatOptions, createChatRouter } from "../../src/web/chat/router.ts";

/** The web chat with the real core on a seeded database, in a real Express app on 127.0.0.1. */
export interface WebChatHarness {
  url: string;
  /** The service's log lines, parsed. */
  logs: Record<string, unknown>[];
  get(path: string): Promise<Response>;
  postForm(path: string, form: Record<string, string>): Promise<Response>;
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startWebChat(db: Db, options: Partial<ChatOptions> & { staffIds?: Set<string>; trustProxy?: number } = {}): Promise<WebChatHarness> {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: "info", base: undefined }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const core = await createCore(db, { staffIds: options.staffIds, logger, publicUrl: "http://127.0.0.1:3000" });
  const router = createChatRouter({ answer: core.answer, logger, publicUrl: "http://127.0.0.1:3000", embedOrigins: ["*"], perMinute: 1000, ...options });
  const app = createApp({ logger, mounts: [{ path: "/chat", router }], health: () => ({}), trustProxy: options.trustProxy });
  const server: Server = await listen(app, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, type: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: "POST", redirect: "manual", headers: { ...headers, "content-type": type }, body });
  return {
    url,
    logs,
    get: (path) => fetch(url + path, { redirect: "manual" }),
    postForm: (path, form) => post(path, "application/x-www-form-urlencoded", new URLSearchParams(form).toString()),
    postJson: (path, body, headers) => post(path, "application/json", JSON.stringify(body), headers),
    close: () => closeServer(server),
  };
}
