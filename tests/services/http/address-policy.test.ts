import { describe, expect, it } from "vitest";
import { createAddressPolicy, isAllowEntry, specialRange } from "../../../src/services/http/address-policy.ts";

/** The address a URL host becomes: WHATWG parsing turns odd IPv4 spellings into a.b.c.d. */
const hostOf = (host: string) => new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, "");

describe("address classification", () => {
  const refused: [host: string, range: string][] = [
    ["127.0.0.1", "loopback"],
    ["127.0.0.2", "loopback"],
    ["0x7f000001", "loopback"],
    ["2130706433", "loopback"],
    ["017700000001", "loopback"],
    ["127.1", "loopback"],
    ["0x7f.0.0.1", "loopback"],
    ["[::1]", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["[::ffff:127.0.0.1]", "loopback"],
    ["[0:0:0:0:0:ffff:a00:1]", "private"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["[fe80::1]", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["[fc00::1]", "unique-local"],
    ["[fd12:3456::1]", "unique-local"],
    ["0.0.0.0", "unspecified"],
    ["0", "unspecified"],
    ["[::]", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["[ff02::1]", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["[64:ff9b::7f00:1]", "nat64"],
    ["[2002:7f00:1::]", "6to4"],
  ];
  it.each(refused)("refuses %s (%s)", (host, range) => {
    expect(specialRange(hostOf(host))).toBe(range);
    expect(createAddressPolicy().refusal(hostOf(host))).toBe(range);
  });

  it.each(["203.162.0.1", "14.225.0.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2001:4860:4860::8888]", "[::ffff:203.162.0.1]"])("allows the public address %s", (host) => {
    expect(specialRange(hostOf(host))).toBeNull();
    expect(createAddressPolicy().refusal(hostOf(host))).toBeNull();
  });
});

describe("FETCH_ALLOW_PRIVATE", () => {
  const policy = createAddressPolicy(["127.0.0.1", "10.20.0.0/16", "fd00:1::/32", "intranet.sct.local"]);

  it("allows exactly the addresses, ranges and host names it lists", () => {
    expect(policy.refusal("127.0.0.1")).toBeNull();
    expect(policy.refusal("::ffff:127.0.0.1")).toBeNull();
    expect(policy.refusal("127.0.0.2")).toBe("loopback");
    expect(policy.refusal("10.20.3.4")).toBeNull();
    expect(policy.refusal("10.21.0.1")).toBe("private");
    expect(policy.refusal("fd00:1::5")).toBeNull();
    expect(policy.refusal("fd00:2::5")).toBe("unique-local");
  });

  it("lets a listed host name resolve to a private address, and only that name", () => {
    expect(policy.refusal("192.168.5.5", "intranet.sct.local")).toBeNull();
    expect(policy.refusal("192.168.5.5", "INTRANET.sct.local")).toBeNull();
    expect(policy.refusal("192.168.5.5", "other.sct.local")).toBe("private");
    expect(policy.refusal("192.168.5.5", "x.intranet.sct.local")).toBe("private");
  });

  it("accepts IPs, CIDR ranges and host names, nothing else", () => {
    for (const ok of ["10.0.0.5", "10.0.0.0/8", "fd00::/8", "::1", "intranet", "intranet.sct.local"]) expect([ok, isAllowEntry(ok)]).toEqual([ok, true]);
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "127.1", "0x7f000001", "*.sct.local", "http://x", "a_b.local", "fd00::/129", ""]) {
      expect([bad, isAllowEntry(bad)]).toEqual([bad, false]);
    }
    expect(() => createAddressPolicy(["10.0.0.0/33"])).toThrow(/not an IP address/);
  });
});
