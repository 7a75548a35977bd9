// Who is asking, for per-IP limits. Behind reverse proxies the socket's peer is the nearest proxy,
// and X-Forwarded-For holds the chain: each proxy appends the address it received the request from.
// Only the entries our own proxies appended can be believed (a client may send any header it likes),
// so with TRUST_PROXY=N the client is the N-th address from the right; without it the header is ignored.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The socket peer's address; 'unknown' for in-process requests (app.request in tests). */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function clientIp(c: Context, trustedProxyHops: number): string {
  const socket = socketAddress(c);
  if (trustedProxyHops === 0) return socket;
  const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  if (hops.length === 0) return socket;
  // Fewer entries than proxies: the furthest address any proxy saw is the best we know.
  return hops[Math.max(0, hops.length - trustedProxyHops)]!;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.0.0.1). */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
