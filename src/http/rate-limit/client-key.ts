/**
 * Who "one client" is for the limits. An IPv4 address is one client. An IPv6 address is not: every
 * home connection is handed at least a /64, so one person can send each request from a new
 * address; the client is the address's first RATE_LIMIT_IPV6_PREFIX bits. An IPv4-mapped IPv6
 * address (::ffff:192.0.2.1, what a dual-stack socket reports for an IPv4 peer) is that IPv4
 * address.
 *
 * ipaddr.js (already what Fastify's proxy-addr uses to read X-Forwarded-For) parses every written
 * form of an IPv6 address (::, embedded IPv4, zone ids), so two spellings of one network are one key.
 */
import ipaddr from 'ipaddr.js';

/** The address, or its network as "prefix/bits", as the key of one client; never stored as is. */
export function clientKey(address: string, ipv6PrefixBits: number): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    // Not an IP address (a Unix socket, a test double): it is its own client.
    return address;
  }
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const ipv6 = parsed as ipaddr.IPv6;
  if (ipv6.isIPv4MappedAddress()) return ipv6.toIPv4Address().toString();
  return `${networkOf(ipv6, ipv6PrefixBits).toNormalizedString()}/${ipv6PrefixBits}`;
}

/** The address with every bit after the first `bits` cleared. */
function networkOf(address: ipaddr.IPv6, bits: number): ipaddr.IPv6 {
  const parts = address.parts.map((part, index) => {
    const kept = Math.min(16, Math.max(0, bits - index * 16));
    return part & (0xffff << (16 - kept)) & 0xffff;
  });
  return new ipaddr.IPv6(parts);
}
