// Which network addresses the bot may connect to when it fetches a URL it did not choose itself (a
// feed's article link, a staff member's link, a redirect). Anything that is not a public unicast
// address is refused, so a link cannot make the bot read the department's intranet, the machine's
// own services or a cloud metadata endpoint. An intranet deployment lists what it does want
// reachable in FETCH_ALLOW_PRIVATE.
import { BlockList, isIP } from "node:net";

/** Special-purpose ranges (IANA registries), each with the name that goes into logs and errors. */
const RANGES: [label: string, cidr: string][] = [
  ["unspecified", "0.0.0.0/8"],
  ["private", "10.0.0.0/8"],
  ["cgnat", "100.64.0.0/10"],
  ["loopback", "127.0.0.0/8"],
  ["link-local", "169.254.0.0/16"],
  ["private", "172.16.0.0/12"],
  ["reserved", "192.0.0.0/24"],
  ["documentation", "192.0.2.0/24"],
  ["reserved", "192.88.99.0/24"],
  ["private", "192.168.0.0/16"],
  ["benchmarking", "198.18.0.0/15"],
  ["documentation", "198.51.100.0/24"],
  ["documentation", "203.0.113.0/24"],
  ["multicast", "224.0.0.0/4"],
  ["reserved", "240.0.0.0/4"],
  ["unspecified", "::/128"],
  ["loopback", "::1/128"],
  // IPv4-compatible addresses (deprecated); IPv4-mapped ones (::ffff:0:0/96) are judged by the
  // IPv4 address they carry, because BlockList matches them against the IPv4 ranges above.
  ["reserved", "::/96"],
  ["nat64", "64:ff9b::/96"],
  ["nat64", "64:ff9b:1::/48"],
  ["reserved", "100::/64"],
  ["reserved", "2001::/23"],
  ["documentation", "2001:db8::/32"],
  ["6to4", "2002::/16"],
  ["unique-local", "fc00::/7"],
  ["link-local", "fe80::/10"],
  ["site-local", "fec0::/10"],
  ["multicast", "ff00::/8"],
];

const family = (ip: string) => (isIP(ip) === 6 ? "ipv6" : "ipv4");

/** Parses "a.b.c.d/n" or "x::/n"; null when it is not a CIDR range. */
function parseCidr(text: string): { ip: string; prefix: number } | null {
  const [ip, bits, extra] = text.split("/");
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits) || !isIP(ip)) return null;
  const prefix = Number(bits);
  return prefix <= (isIP(ip) === 6 ? 128 : 32) ? { ip, prefix } : null;
}

const LABELED = RANGES.map(([label, cidr]) => {
  const { ip, prefix } = parseCidr(cidr)!;
  const list = new BlockList();
  list.addSubnet(ip, prefix, family(ip));
  return { label, list };
});

/** An address without brackets or a zone ("[fe80::1%eth0]" → "fe80::1"). */
const bare = (ip: string) => ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");

/** The special-purpose range `ip` is in ("loopback", "private", …); null for a public address. */
export function specialRange(ip: string): string | null {
  const address = bare(ip);
  const type = isIP(address);
  if (!type) return "invalid";
  const v = family(address);
  return LABELED.find(({ list }) => list.check(address, v))?.label ?? null;
}

/**
 * A host name as the URL parser keeps it: letters, digits and hyphens in dot-separated labels. An
 * odd IPv4 spelling ("127.1", "0x7f000001") is not one: the parser turns it into an address.
 */
export function isHostName(text: string): boolean {
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(text)) return false;
  try {
    return new URL(`http://${text}/`).hostname === text.toLowerCase();
  } catch {
    return false;
  }
}

/** True when `entry` may stand in FETCH_ALLOW_PRIVATE: an IP address, a CIDR range or a host name. */
export function isAllowEntry(entry: string): boolean {
  return isIP(entry) !== 0 || parseCidr(entry) !== null || isHostName(entry);
}

export interface AddressPolicy {
  /**
   * Why connecting to `ip` is refused (the name of its range), or null when it is allowed. `host`
   * is the name that resolved to it, when there was one: an allowed host name may be private.
   */
  refusal(ip: string, host?: string): string | null;
}

/**
 * Public addresses are allowed; special-purpose ones only when `allowPrivate` names them by IP,
 * CIDR range or exact host name (a name allows what it resolves to, not its subdomains).
 */
export function createAddressPolicy(allowPrivate: readonly string[] = []): AddressPolicy {
  const allowed = new BlockList();
  const hosts = new Set<string>();
  for (const raw of allowPrivate) {
    const entry = raw.trim();
    const cidr = parseCidr(entry);
    if (cidr) allowed.addSubnet(cidr.ip, cidr.prefix, family(cidr.ip));
    else if (isIP(entry)) allowed.addAddress(entry, family(entry));
    else if (isHostName(entry)) hosts.add(entry.toLowerCase());
    else throw new Error(`not an IP address, CIDR range or host name: "${entry}"`);
  }
  return {
    refusal(ip, host) {
      const range = specialRange(ip);
      if (range === null) return null;
      if (range === "invalid") return range;
      if (host && hosts.has(host.toLowerCase())) return null;
      const address = bare(ip);
      return allowed.check(address, family(address)) ? null : range;
    },
  };
}

/** A connection refused by the address policy; `range` names why ("loopback", "private", …). */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKEDADDRESS";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`địa chỉ ${address}${host !== address ? ` (của ${host})` : ""} thuộc dải ${range}, bot không được phép kết nối tới`);
    this.name = "BlockedAddressError";
  }
}
