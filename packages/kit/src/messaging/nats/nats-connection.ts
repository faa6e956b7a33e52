import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { silentLogger } from '../../observability/logger.ts';

export interface NatsConnectOptions {
  servers: string | string[];
  /** Shown by the server's monitoring (e.g. `fishdelivery/order`). */
  name?: string;
  logger?: Logger;
}

// Reconnect delays: 250 ms doubling to 2 s, plus up to 250 ms of jitter so replicas do not stampede.
const FIRST_RECONNECT_MS = 250;
const MAX_RECONNECT_MS = 2_000;

/**
 * Connects to NATS the way every Mosaic process should: fail fast (one clear line) when the server is not
 * there at start-up, but once connected, reconnect forever with backoff, so a NATS restart is a pause and
 * not an outage. Connection state changes are logged.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const logger = options.logger ?? silentLogger();
  const servers = typeof options.servers === 'string' ? options.servers.split(',') : options.servers;
  let failedTries = 0;
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      ...(options.name ? { name: options.name } : {}),
      timeout: 5_000,
      maxReconnectAttempts: -1,
      reconnectDelayHandler: () =>
        Math.min(FIRST_RECONNECT_MS * 2 ** failedTries++, MAX_RECONNECT_MS) + Math.random() * 250,
      pingInterval: 10_000,
      maxPingOut: 3,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `NATS is not reachable at ${servers.join(',')} (${reason}): start it with JetStream (\`nats-server -js\`) or set MOSAIC_NATS_URL`,
      { cause: error },
    );
  }
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') logger.warn({ server: status.server }, 'NATS connection lost; reconnecting');
      else if (status.type === 'reconnect') {
        failedTries = 0;
        logger.info({ server: status.server }, 'NATS connection restored');
      } else if (status.type === 'error') logger.warn({ err: status.error }, 'NATS connection error');
    }
  })();
  return nc;
}

/** True when the connected server is at least `version` (e.g. `2.10.0`). */
export function serverAtLeast(nc: NatsConnection, version: string): boolean {
  const have = (nc.info?.version ?? '0.0.0').split(/[.-]/).map(Number);
  const want = version.split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
