import { type KV, Kvm, KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { natsToken } from '../../messaging/nats/nats-names.ts';
import { type Logger, silentLogger } from '../../observability/logger.ts';
import type { ConfigStore } from '../config.ts';

export interface NatsConfigStoreOptions {
  /** An open connection; not closed here (the runtime's, shared with its registry and buses). */
  connection: NatsConnection;
  /** The deployment's namespace (MOSAIC_NAMESPACE): the bucket is `<namespace>mosaic_config`. */
  namespace: string;
  system: string;
  logger?: Logger;
}

/** The bucket every process of a deployment reads its systems' settings from, beside `<namespace>mosaic_keys`. */
export function configBucket(namespace: string): string {
  return `${namespace}mosaic_config`;
}

/**
 * The distributed runtime's settings: a NATS KV bucket, one entry per value, keyed `<system>.<service>.<key>`
 * (each part spelt with `natsToken`, so a dotted setting key stays one key part). Each process watches the keys
 * of the services it runs, so a value set by `mosaic config set` reaches every replica as soon as NATS delivers
 * it, well within a second.
 */
export async function createNatsConfigStore(options: NatsConfigStoreOptions): Promise<ConfigStore> {
  const { connection, namespace, system } = options;
  const logger = options.logger ?? silentLogger();
  const bucket = configBucket(namespace);
  const kv = await openBucket(new Kvm(connection), bucket);
  const prefix = (service: string) => `${natsToken(system)}.${natsToken(service)}.`;
  const stops = new Set<() => void>();

  return {
    async read(service) {
      const found = new Map<string, string>();
      const keys: string[] = [];
      for await (const key of await kv.keys(`${prefix(service)}*`)) keys.push(key);
      for (const key of keys) {
        const entry = await kv.get(key);
        if (entry?.operation === 'PUT' && entry.value.length > 0) {
          found.set(fromNatsToken(key.slice(prefix(service).length)), entry.string());
        }
      }
      return found;
    },
    async write(service, key, sealed) {
      await kv.put(`${prefix(service)}${natsToken(key)}`, sealed);
    },
    async watch(service, changed) {
      const watcher = await kv.watch({ key: `${prefix(service)}*`, include: KvWatchInclude.UpdatesOnly });
      const stop = () => {
        stops.delete(stop);
        watcher.stop();
      };
      stops.add(stop);
      void (async () => {
        for await (const entry of watcher) {
          if (entry.operation !== 'PUT') continue;
          changed(fromNatsToken(entry.key.slice(prefix(service).length)), entry.string());
        }
      })().catch((error: unknown) =>
        logger.error(
          { err: error, system, service },
          'the settings watch ended; restart the process to follow changes',
        ),
      );
      return { stop };
    },
    async close() {
      for (const stop of [...stops]) stop();
    },
  };
}

/** Deletes a namespace's settings bucket, if there is one (tests, and whoever drops a namespace). */
export async function dropConfigBucket(connection: NatsConnection, namespace: string): Promise<void> {
  try {
    await (await new Kvm(connection).open(configBucket(namespace))).destroy();
  } catch (error) {
    if (!/not found/i.test(String(error))) throw error;
  }
}

/** Creates the bucket (one value per key: settings keep no history), or opens the one another process made. */
async function openBucket(kvm: Kvm, name: string): Promise<KV> {
  try {
    return await kvm.create(name, { history: 1 });
  } catch (error) {
    if (!/already in use/i.test(String(error))) throw error;
    return kvm.open(name);
  }
}

/** The inverse of `natsToken` (`token_2eaccess_5fttl` → `token.access_ttl`). */
function fromNatsToken(token: string): string {
  return token.replace(/__([0-9a-f]{4})|_([0-9a-f]{2})/g, (_, wide: string | undefined, narrow: string | undefined) =>
    String.fromCharCode(Number.parseInt(wide ?? narrow ?? '', 16)),
  );
}
