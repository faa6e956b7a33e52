import { Socket } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { postgresUrl } from '../store/postgres/postgres.ts';
import { type EngineKind, engineMissingMessage } from './distributed-config.ts';

const TIMEOUT_MS = 3_000;

/**
 * Asks each engine a real question of its own protocol (not merely "is the port open"): `select 1`, a
 * JetStream account lookup, PING. Resolves with one line per engine that did not answer, saying how to
 * start it; an empty list means all are there. For a supervisor that should not start ten processes
 * only for each to fail on the same missing engine.
 */
export async function missingEngines(
  kinds: Iterable<EngineKind>,
  urls: Readonly<Record<EngineKind, string>>,
): Promise<string[]> {
  const wanted = [...new Set(kinds)];
  const results = await Promise.all(
    wanted.map(async (kind) => {
      try {
        await probeEngine(kind, urls[kind]);
        return undefined;
      } catch (error) {
        return engineMissingMessage(kind, urls[kind], error);
      }
    }),
  );
  return results.filter((line): line is string => line !== undefined);
}

/** Resolves when the engine at `url` answers a question of its own protocol; rejects with why not. */
export function probeEngine(kind: EngineKind, url: string): Promise<void> {
  return PROBES[kind](url);
}

const PROBES: Record<EngineKind, (url: string) => Promise<void>> = {
  async postgres(url) {
    const parsed = new URL(postgresUrl(url));
    if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/postgres';
    const client = new pg.Client({ connectionString: parsed.toString(), connectionTimeoutMillis: TIMEOUT_MS });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('select 1');
    } finally {
      await client.end();
    }
  },
  async mysql(url) {
    const connection = await createConnection({ uri: url, connectTimeout: TIMEOUT_MS });
    try {
      await connection.query('select 1');
    } finally {
      await connection.end();
    }
  },
  async nats(url) {
    const nc = await connect({ servers: url, timeout: TIMEOUT_MS, maxReconnectAttempts: 0 });
    try {
      const jsm = await jetstreamManager(nc, { timeout: TIMEOUT_MS });
      await jsm.getAccountInfo();
    } finally {
      await nc.close();
    }
  },
  async redis(url) {
    const { hostname, port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const socket = new Socket();
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(TIMEOUT_MS, () => fail(new Error('timed out')));
      socket.once('error', fail);
      socket.once('data', (data) => {
        socket.end();
        // A password-protected Redis answers NOAUTH: it is there, and the runtime's own client will say more.
        if (/^(\+PONG|-NOAUTH)/.test(data.toString())) resolve();
        else reject(new Error(`unexpected answer ${data.toString().trim()}`));
      });
      socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
    });
  },
};
