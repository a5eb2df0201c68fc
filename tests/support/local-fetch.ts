import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSafeFetch } from "../../src/services/http/safe-fetch.ts";

// The test servers listen on 127.0.0.1, a loopback address the bot refuses by default. Tests allow
// exactly that one address, as an intranet deployment would with FETCH_ALLOW_PRIVATE; the rest of
// 127/8 stays refused, so a server on 127.0.0.2 can play the internal host a link must not reach.
export const TEST_ALLOW_PRIVATE = ["127.0.0.1"];
export const localFetch = createSafeFetch({ allowPrivate: TEST_ALLOW_PRIVATE });

export interface InternalHost {
  base: string;
  port: number;
  /** Paths requested so far: a refused fetch leaves this empty. */
  requests: string[];
  close(): Promise<void>;
}

/** A port on 127.0.0.1 that nothing listens on any more (port 1 is one fetch refuses outright). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A page server on 127.0.0.2 (Linux routes all of 127/8 to loopback) holding a "secret" page. */
export async function startInternalHost(
  body = "<html><body><h1>Trang nội bộ</h1><p>Mật khẩu quản trị: 123456. Doanh thu nội bộ tăng 99,9%.</p></body></html>",
): Promise<InternalHost> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.2:${port}`,
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
