import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../../src/services/http/address-policy.ts";
import { BlockedAddressError, guardedAgent } from "../../../src/services/http/guarded-agent.ts";
import { createSafeFetch, fetchFailureReason, MAX_REDIRECTS, UnsafeUrlError } from "../../../src/services/http/safe-fetch.ts";
import { closedPort, localFetch, startInternalHost, type InternalHost } from "../../support/local-fetch.ts";

// An allowed site on 127.0.0.1 and an "internal" one on 127.0.0.2 that no fetch may reach.
let server: Server;
let base: string;
let port: number;
let internal: InternalHost;
const hits: string[] = [];

beforeAll(async () => {
  internal = await startInternalHost();
  server = createServer((req, res) => {
    const url = req.url ?? "";
    hits.push(url);
    const chain = /^\/chain\/(\d+)$/.exec(url);
    const to = (location: string) => res.writeHead(302, { location }).end();
    if (url === "/ok") res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    else if (chain) Number(chain[1]) === 0 ? to("/ok") : to(`/chain/${Number(chain[1]) - 1}`);
    else if (url === "/to-internal") to(`${internal.base}/admin`);
    else if (url === "/to-odd") to(`http://0x7f000002:${internal.port}/admin`);
    else if (url === "/to-file") to("file:///etc/passwd");
    else if (url === "/to-ftp") to("ftp://127.0.0.1/x");
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await internal.close();
});
beforeEach(() => {
  hits.length = 0;
  internal.requests.length = 0;
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => (err instanceof UnsafeUrlError ? err.reason : `not refused: ${String(err)}`),
  );

describe("safe fetch", () => {
  it("fetches an allowed page and follows allowed redirects, reporting where it ended", async () => {
    const { response, url } = await localFetch(`${base}/chain/2`);
    expect([response.status, await response.text(), url]).toEqual([200, "ok", `${base}/ok`]);
    expect(hits).toEqual(["/chain/2", "/chain/1", "/chain/0", "/ok"]);
  });

  it("fetches only http and https", async () => {
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/plain,hello", "javascript:alert(1)", "gopher://127.0.0.1:70/"]) {
      expect([url, await refusal(localFetch(url))]).toEqual([url, "scheme"]);
    }
    expect(await refusal(localFetch("không phải địa chỉ"))).toBe("invalid_url");
  });

  it("re-checks every redirect: no file:, ftp: or internal address, however spelled", async () => {
    expect(await refusal(localFetch(`${base}/to-file`))).toBe("scheme");
    expect(await refusal(localFetch(`${base}/to-ftp`))).toBe("scheme");
    expect(await refusal(localFetch(`${base}/to-internal`))).toBe("blocked_address");
    expect(await refusal(localFetch(`${base}/to-odd`))).toBe("blocked_address");
    expect(internal.requests).toEqual([]);
  });

  it(`follows at most ${MAX_REDIRECTS} redirects`, async () => {
    expect((await localFetch(`${base}/chain/${MAX_REDIRECTS - 1}`)).response.status).toBe(200);
    hits.length = 0;
    expect(await refusal(localFetch(`${base}/chain/${MAX_REDIRECTS}`))).toBe("too_many_redirects");
    expect(hits).toHaveLength(MAX_REDIRECTS + 1);
    expect(await refusal(createSafeFetch({ allowPrivate: ["127.0.0.1"], maxRedirects: 1 })(`${base}/chain/1`))).toBe("too_many_redirects");
  });

  it("refuses an address outside the allow list in any notation, without connecting", async () => {
    for (const url of [
      `${internal.base}/`,
      `http://0x7f000002:${internal.port}/`,
      `http://2130706434:${internal.port}/`,
      `http://127.2:${internal.port}/`,
      `http://[::ffff:127.0.0.2]:${internal.port}/`,
    ]) {
      expect([url, await refusal(localFetch(url))]).toEqual([url, "blocked_address"]);
    }
    expect(internal.requests).toEqual([]);
  });

  it("refuses every private address by default, literal or resolved from a name", async () => {
    const publicOnly = createSafeFetch();
    for (const url of [`${base}/ok`, `http://0x7f000001:${port}/ok`, `http://localhost:${port}/ok`]) {
      expect([url, await refusal(publicOnly(url))]).toEqual([url, "blocked_address"]);
    }
    await expect(publicOnly(`http://localhost:${port}/ok`)).rejects.toThrow(/127\.0\.0\.1 \(của localhost\) thuộc dải loopback/);
    expect(hits).toEqual([]);
  });

  it("allows a private host by name when FETCH_ALLOW_PRIVATE lists it", async () => {
    const { response } = await createSafeFetch({ allowPrivate: ["localhost"] })(`http://localhost:${port}/ok`);
    expect(await response.text()).toBe("ok");
  });

  it("checks literal addresses at connect time too, not only before the request", async () => {
    const dispatcher = guardedAgent(createAddressPolicy(["127.0.0.1"]));
    const err = await undiciFetch(`${internal.base}/`, { dispatcher }).catch((e: Error) => e);
    expect((err as Error).cause).toBeInstanceOf(BlockedAddressError);
    expect(internal.requests).toEqual([]);
    const ok = await undiciFetch(`${base}/ok`, { dispatcher });
    expect(await ok.text()).toBe("ok");
    await dispatcher.close();
  });

  it("names the reason of a failure for the log", async () => {
    expect(fetchFailureReason(await localFetch(`${internal.base}/`).catch((e) => e))).toBe("blocked_address");
    expect(fetchFailureReason(await localFetch(`http://127.0.0.1:${await closedPort()}/`).catch((e) => e))).toBe("ECONNREFUSED");
    expect(fetchFailureReason(new DOMException("timed out", "TimeoutError"))).toBe("timeout");
  });
});
