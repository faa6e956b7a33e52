/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message: a proxy or client must
 * not forward them. undici also rejects several of them outright.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** True when `name` (lower case) must not cross a hop, including any header the Connection header names. */
export function isHopByHop(name: string, connectionTokens: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(name) || connectionTokens.has(name);
}

/** The header names a `Connection` header lists; they are hop-by-hop for this one message. */
export function connectionTokens(connection: string | string[] | undefined): ReadonlySet<string> {
  if (!connection) return EMPTY;
  // What nearly every client sends names no header: skip the split.
  if (connection === 'keep-alive' || connection === 'close') return EMPTY;
  const joined = Array.isArray(connection) ? connection.join(',') : connection;
  return new Set(
    joined
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

const EMPTY: ReadonlySet<string> = new Set();
