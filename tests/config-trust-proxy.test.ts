import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { type ConfigError, loadConfig } from "../src/config.ts";
import { closeServer, createApp, listen } from "../src/server.ts";
import { silentLogger } from "./support/temp-db.ts";

// Behind a reverse proxy every request comes from the proxy: the per-address limits (console
// sign-in, web chat) need the client's address from X-Forwarded-For, but only from proxies we trust.

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe("TRUST_PROXY", () => {
  it("is off by default", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "off" }).trustProxy).toBe(false);
  });

  it("takes a number of proxies in front, or their addresses and ranges", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,loopback" }).trustProxy).toEqual(["127.0.0.1", "10.0.0.0/8", "loopback"]);
    expect(loadConfig({ TRUST_PROXY: "fd00::/8" }).trustProxy).toEqual(["fd00::/8"]);
  });

  it("refuses trusting anyone, and anything it cannot read, with one clear message", () => {
    const message = 'TRUST_PROXY must be "off", a number of proxies in front (1–10), or comma-separated proxy addresses (127.0.0.1, 10.0.0.0/8, loopback, uniquelocal)';
    for (const value of ["true", "*", "0", "11", "proxy.local", "10.0.0.0/33", "10.0.0.1/8/2"]) expect(problemsOf({ TRUST_PROXY: value }), value).toEqual([message]);
  });
});

describe("the client's address seen by the service", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function ipSeen(trustProxy: number | string[] | false, forwardedFor: string): Promise<string> {
    const echo = express.Router().get("/", (req, res) => void res.json({ ip: req.ip }));
    const server = await listen(createApp({ logger: silentLogger, mounts: [{ path: "/ip", router: echo }], health: () => ({}), trustProxy }), 0, "127.0.0.1");
    close = () => closeServer(server);
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/ip`, { headers: { "x-forwarded-for": forwardedFor } });
    return ((await res.json()) as { ip: string }).ip;
  }

  it("ignores X-Forwarded-For unless the proxy is trusted", async () => {
    expect(await ipSeen(false, "203.0.113.7")).toMatch(/127\.0\.0\.1$/);
  });

  it("takes the client's address from a trusted proxy, and only the hops it trusts", async () => {
    expect(await ipSeen(1, "198.51.100.1, 203.0.113.7")).toBe("203.0.113.7");
    expect(await ipSeen(["loopback"], "203.0.113.7")).toBe("203.0.113.7");
    expect(await ipSeen(["10.0.0.0/8"], "203.0.113.7")).toMatch(/127\.0\.0\.1$/);
  });
});
