// The address check at connect time. Checking a URL's host before fetching is not enough: a name
// can resolve to a public address when checked and to 127.0.0.1 when connected (DNS rebinding).
// So the check sits where the socket is opened: every address a name resolves to is checked inside
// the `lookup` the socket uses, and a literal IP host, which Node connects to without any lookup,
// is checked by the connector before it connects.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector } from "undici";
import { type AddressPolicy, BlockedAddressError } from "./address-policy.ts";

export { BlockedAddressError };

/** dns.lookup, refusing the whole name when any address it resolves to is refused. */
function checkedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      for (const { address } of addresses) {
        const range = policy.refusal(address, hostname);
        if (range) return callback(new BlockedAddressError(hostname, address, range) as NodeJS.ErrnoException, "", 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** An undici dispatcher whose connections go only where `policy` allows. */
export function guardedAgent(policy: AddressPolicy): Agent {
  const connector = buildConnector({ lookup: checkedLookup(policy) });
  return new Agent({
    connect(options, callback) {
      if (isIP(options.hostname)) {
        const range = policy.refusal(options.hostname);
        if (range) return callback(new BlockedAddressError(options.hostname, options.hostname, range), null);
      }
      connector(options, callback);
    },
  });
}
