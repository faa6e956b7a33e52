// Test support (not exported): real upstreams, a real JWKS-serving auth service, signed tokens and a
// gateway on an ephemeral port, for the gateway's tests.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpRequest } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createMemoryRevocations } from '../auth/memory/revocations.ts';
import type { Revocations } from '../auth/revocations.ts';
import { createVouches, HEADER_VOUCH, type Vouches } from '../auth/vouch.ts';
import type { Cache } from '../cache/cache.ts';
import { createMemoryCache } from '../cache/memory/memory.ts';
import { createMemoryRegistry } from '../discovery/memory/memory.ts';
import type { Registry } from '../discovery/registry.ts';
import type { Limiter } from '../limits/limiter.ts';
import { createMemoryLimiter } from '../limits/memory/memory.ts';
import { createGateway, type GatewayOptions } from './gateway.ts';

export const SYSTEM = 'school';
export const ISSUER = 'https://auth.school.test';
export const AUDIENCE = 'school';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The public key as PEM text: what an algorithm-confusion attacker would use as an HMAC secret. */
  publicPem: string;
}

export async function signingKey(kid = randomUUID().slice(0, 8)): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export interface TokenInput {
  sub?: string;
  role?: string;
  jti?: string;
  iss?: string;
  aud?: string;
  /** Seconds from now. */
  expiresIn?: number;
  notBeforeIn?: number;
  extra?: Record<string, unknown>;
}

/** A token as the school auth service issues it: ES256, a kid header. */
export async function token(key: SigningKey, input: TokenInput = {}): Promise<string> {
  const nowSec = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: input.role ?? 'student', ...input.extra })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(input.sub ?? 'student-000000000001')
    .setJti(input.jti ?? randomUUID())
    .setIssuer(input.iss ?? ISSUER)
    .setAudience(input.aud ?? AUDIENCE)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + (input.expiresIn ?? 600));
  if (input.notBeforeIn !== undefined) jwt.setNotBefore(nowSec + input.notBeforeIn);
  return jwt.sign(key.privateKey);
}

export interface Service {
  readonly id: string;
  readonly url: string;
  readonly app: FastifyInstance;
  /** Requests it received: method, url and headers. */
  readonly seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[];
  close(): Promise<void>;
}

/** A real Fastify service on an ephemeral port, registered in the registry under `service`. */
export async function startService(
  registry: Registry,
  service: string,
  build: (app: FastifyInstance) => void,
  id = `${service}-${randomUUID().slice(0, 4)}`,
): Promise<Service> {
  const app = Fastify({ forceCloseConnections: true });
  const seen: Service['seen'] = [];
  // Like a service taking vendor JSON types (application/vnd.x+json), so the gateway's handling shows.
  app.addContentTypeParser(
    /^application\/[\w.-]+\+json/,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addHook('preHandler', async (req) => {
    seen.push({
      method: req.method,
      url: req.url,
      headers: { ...req.headers },
      body: req.body === undefined ? '' : JSON.stringify(req.body),
    });
  });
  build(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  await registry.register({ id, system: SYSTEM, service, url, ready: true });
  return { id, url, app, seen, close: () => app.close() };
}

/** The auth service's public side: its JWKS, whose keys a test can rotate. */
export function jwksRoutes(keys: { current: JWK[] }, counter = { fetches: 0 }) {
  return (app: FastifyInstance) => {
    app.get('/.well-known/jwks.json', async () => {
      counter.fetches++;
      return { keys: keys.current };
    });
    app.post('/logout', async () => ({ ok: true }));
    app.post('/logout-fails', async (_req, reply) => reply.code(500).send({ ok: false }));
  };
}

/**
 * An outing-like service whose answers change: `GET /outings/:id` says who asked and how many times the
 * service was reached; `POST /outings/:id/actions` bumps a version (or fails with ?fail=409).
 */
export function outingRoutes(state = { reads: 0, versions: new Map<string, number>() }) {
  return (app: FastifyInstance) => {
    app.get<{ Params: { id: string } }>('/outings/:id', async (req) => ({
      id: req.params.id,
      version: state.versions.get(req.params.id) ?? 0,
      reads: ++state.reads,
      asker: vouchedFor(req.headers)?.sub ?? null,
      role: vouchedFor(req.headers)?.role ?? null,
    }));
    app.get('/students/:id/outings', async (req) => ({ reads: ++state.reads, query: req.query }));
    app.post<{ Params: { id: string }; Querystring: { fail?: string } }>('/outings/:id/actions', async (req, reply) => {
      if (req.query.fail) return reply.code(Number(req.query.fail)).send({ failed: true });
      state.versions.set(req.params.id, (state.versions.get(req.params.id) ?? 0) + 1);
      return { version: state.versions.get(req.params.id) };
    });
    app.get('/private-header', async (_req, reply) =>
      reply.header('cache-control', 'private').send({ reads: ++state.reads }),
    );
    app.get('/with-cookie', async (_req, reply) => reply.header('set-cookie', 'a=1').send({ reads: ++state.reads }));
    app.all('/echo', async (req) => ({ headers: req.headers, body: req.body ?? null }));
    app.all('/echo/*', async (req) => ({ url: req.url, headers: req.headers, body: req.body ?? null }));
    app.all('/admin/*', async (req) => ({ admin: true, url: req.url }));
    app.all('/open/*', async (req) => ({ url: req.url, headers: req.headers, body: req.body ?? null }));
  };
}

export interface TestGateway {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/** The vouch key of every test gateway: test services read the identity it vouches for with `vouchedFor`. */
export const TEST_VOUCHES = createVouches(randomBytes(32));

/** Who the gateway vouched for on this request (undefined when nobody, or the vouch does not hold). */
export function vouchedFor(headers: IncomingHttpHeaders): { sub?: string; role?: string } | undefined {
  const vouch = headers[HEADER_VOUCH];
  const requestId = headers['x-request-id'];
  if (typeof vouch !== 'string' || typeof requestId !== 'string') return undefined;
  const verdict = TEST_VOUCHES.read(vouch, requestId);
  return verdict.ok && 'sub' in verdict.identity ? verdict.identity : undefined;
}

/** The gateway's adapters, as a test may hand in some of them. */
export interface GatewayAdapters {
  cache: Cache;
  limiter: Limiter;
  revocations: Revocations;
}

/**
 * What the embedded runtime would pick: the adapters a test did not hand in, in memory. `close` closes only
 * those made here; the test closes its own.
 */
export function memoryAdapters(given: Partial<GatewayAdapters> = {}): GatewayAdapters & { close(): Promise<void> } {
  const made: { close(): Promise<void> }[] = [];
  const make = <T extends { close(): Promise<void> }>(adapter: T): T => {
    made.push(adapter);
    return adapter;
  };
  return {
    cache: given.cache ?? make(createMemoryCache()),
    limiter: given.limiter ?? make(createMemoryLimiter()),
    revocations: given.revocations ?? make(createMemoryRevocations()),
    close: async () => {
      await Promise.all(made.map((adapter) => adapter.close()));
    },
  };
}

export type TestGatewayOptions = Omit<GatewayOptions, 'system' | 'vouches' | keyof GatewayAdapters> &
  Partial<GatewayAdapters> & { system?: string; vouches?: Vouches };

export async function startGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const adapters = memoryAdapters(options);
  let app: FastifyInstance;
  try {
    const { cache, limiter, revocations } = adapters;
    app = createGateway({ system: SYSTEM, vouches: TEST_VOUCHES, ...options, cache, limiter, revocations });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await adapters.close();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await adapters.close();
    },
  };
}

/** What the outing service's `/echo` and `/open` routes answer: the request as it reached the service. */
export interface Echo {
  url?: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; bearer?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  // node:http sends the path as given; URL-based clients resolve `..` and `%2e%2e` before sending, which would
  // hide exactly the paths an attacker sends.
  const { hostname, port } = new URL(base);
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const keepAlive = new Agent({ keepAlive: true });

export function freshRegistry(): Registry {
  return createMemoryRegistry();
}
