import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from '@fastify/proxy-addr';
import { parse as parseQuery } from 'fast-querystring';

/** The client's request as the stages see it: what came in, plus the few facts derived from the connection. */
export interface GatewayRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The client's address: the socket's, or the balancer's X-Forwarded-For when it is trusted (`trustProxy`). */
  readonly ip: string;
  /** The address the connection came from: the client, or the balancer in front of the gateway. */
  readonly peer: string;
  readonly protocol: 'http' | 'https';
  /** The query string, parsed on first use (most routes never look at it). */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** The body's bytes, once read; undefined for a request without one (and before it is read). */
  body: Buffer | undefined;
}

type Trust = (address: string, hop: number) => boolean;

/**
 * Turns Node's request into the stages' view. The trust rules are Fastify's (`trustProxy`: true, addresses,
 * CIDR ranges, or a comma-separated list of them), so a gateway behind a balancer counts the same IP it
 * counted before the pipeline stopped running inside Fastify.
 */
/** Which proxies' X-Forwarded-For to believe: all (true), none (false), or their addresses or CIDR ranges. */
export type TrustProxy = boolean | string | string[];

export function requestReader(trustProxy: TrustProxy | undefined): (raw: IncomingMessage) => GatewayRequest {
  const trust = trustFunction(trustProxy);
  return (raw) => new IncomingGatewayRequest(raw, trust);
}

class IncomingGatewayRequest implements GatewayRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  body: Buffer | undefined = undefined;
  readonly #raw: IncomingMessage;
  readonly #trust: Trust | undefined;
  #query: Record<string, string | string[]> | undefined;
  #ip: string | undefined;

  constructor(raw: IncomingMessage, trust: Trust | undefined) {
    this.#raw = raw;
    this.#trust = trust;
    this.method = raw.method ?? 'GET';
    this.url = raw.url ?? '/';
    this.headers = raw.headers;
  }

  get ip(): string {
    if (this.#ip === undefined) {
      if (this.#trust) {
        const addresses = proxyAddr.all(this.#raw, this.#trust);
        this.#ip = addresses[addresses.length - 1] ?? '';
      } else {
        this.#ip = this.#raw.socket.remoteAddress ?? '';
      }
    }
    return this.#ip;
  }

  get peer(): string {
    return this.#raw.socket.remoteAddress ?? '';
  }

  get protocol(): 'http' | 'https' {
    const forwarded = this.headers['x-forwarded-proto'];
    const socket = this.#raw.socket;
    if (typeof forwarded === 'string' && this.#trust?.(socket.remoteAddress ?? '', 0)) {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      if (last === 'https' || last === 'http') return last;
    }
    return (socket as TLSSocket).encrypted ? 'https' : 'http';
  }

  get query(): Readonly<Record<string, string | string[]>> {
    if (this.#query === undefined) {
      const q = this.url.indexOf('?');
      this.#query = q === -1 ? {} : (parseQuery(this.url.slice(q + 1)) as Record<string, string | string[]>);
    }
    return this.#query;
  }
}

function trustFunction(trustProxy: TrustProxy | undefined): Trust | undefined {
  if (trustProxy === undefined || trustProxy === false) return undefined;
  if (trustProxy === true) return () => true;
  const list = typeof trustProxy === 'string' ? trustProxy.split(',').map((it) => it.trim()) : trustProxy;
  return proxyAddr.compile(list);
}
