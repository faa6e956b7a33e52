import { type KV, type KvEntry, Kvm, KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../messaging/nats/nats-connection.ts';
import { type Logger, silentLogger } from '../../observability/logger.ts';
import type { Instance, Registry, RegistryChange } from '../registry.ts';
import { type Announcement, createAnnouncementView } from './nats-kv-view.ts';

export interface NatsKvRegistryOptions {
  /** Where NATS is, e.g. `nats://127.0.0.1:4222`; or pass an open `connection` (then it is not closed here). */
  servers?: string | string[];
  connection?: NatsConnection;
  /** Default `mosaic_registry`. Letters, digits, `-` and `_`. */
  bucket?: string;
  /** How long an instance stands after its last heartbeat. Default 5000. */
  ttlMs?: number;
  /** How often a registered instance says it is alive. Default ttlMs / 3. */
  heartbeatMs?: number;
  logger?: Logger;
}

const KEY_PART = /^[-\w]+$/;

/**
 * The distributed Registry: a NATS KV bucket. Each instance puts `<system>.<service>.<id>` with a heartbeat;
 * every process watches the bucket and keeps a local view, so a call never waits on NATS (DESIGN §5). The
 * bucket's TTL removes a dead instance's key, but NATS 2.9 tells no watcher about it, so the view also ends
 * announcements whose heartbeat is older than their TTL. A graceful stop deletes its key at once.
 */
export async function createNatsKvRegistry(options: NatsKvRegistryOptions = {}): Promise<Registry> {
  const bucketName = options.bucket ?? 'mosaic_registry';
  const ttlMs = options.ttlMs ?? 5_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(ttlMs / 3));
  if (!(heartbeatMs < ttlMs)) {
    throw new RangeError(`heartbeatMs (${heartbeatMs}) must be shorter than ttlMs (${ttlMs}), or instances flicker`);
  }
  const logger = options.logger ?? silentLogger();
  const putTimeoutMs = Math.max(250, heartbeatMs);
  const ownsConnection = !options.connection;
  const nc =
    options.connection ??
    (await connectNats({ servers: options.servers ?? 'nats://127.0.0.1:4222', name: 'mosaic-registry', logger }));

  let kv: KV;
  try {
    kv = await openBucket(new Kvm(nc), bucketName, ttlMs);
  } catch (error) {
    if (ownsConnection) await nc.close();
    throw new Error(
      `could not open the NATS KV bucket ${bucketName} (is JetStream on? start nats-server with -js): ${String(error)}`,
      { cause: error },
    );
  }

  interface Owned {
    key: string;
    instance: Instance;
    timer: NodeJS.Timeout;
    inFlight: Promise<void>;
    busy: boolean;
    beat(): Promise<void>;
  }
  const owned = new Map<string, Owned>();
  let closed = false;

  const listeners = new Set<{ listener: (change: RegistryChange) => void }>();
  let failure: unknown;
  const view = createAnnouncementView((change) => {
    for (const entry of [...listeners]) {
      try {
        entry.listener(change);
      } catch (error) {
        failure ??= error;
      }
    }
  });
  /** Runs a view update and reports a listener's error to whoever caused the change (or the log). */
  const notify = (apply: () => void, rethrow: boolean) => {
    failure = undefined;
    apply();
    const error = failure;
    failure = undefined;
    if (error === undefined) return;
    if (rethrow) throw error;
    logger.error({ err: error }, 'a registry watcher failed on a change');
  };

  const apply = (entry: KvEntry) => {
    if (entry.operation !== 'PUT') {
      notify(() => view.remove(entry.key, entry.revision), false);
      return;
    }
    const announcement = parse(entry);
    if (!announcement) {
      logger.warn({ key: entry.key }, `ignoring registry key ${entry.key}: its value is not an instance announcement`);
      return;
    }
    notify(() => view.put(entry.key, entry.revision, announcement, Date.now()), false);
  };

  // Watch before reading, so nothing put in between is missed; revisions settle which of the two is newer.
  const watcher = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
  const watching = (async () => {
    for await (const entry of watcher) apply(entry);
  })().catch((error) => logger.error({ err: error }, 'the registry watch ended; restart the process'));
  for await (const key of await kv.keys()) {
    const entry = await kv.get(key);
    if (entry) apply(entry);
  }

  const sweeper = setInterval(() => notify(() => view.expire(Date.now()), false), Math.min(1_000, heartbeatMs));
  sweeper.unref();
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') view.hearing(false, Date.now());
      if (status.type === 'reconnect') {
        view.hearing(true, Date.now());
        // A restarted server may have lost our keys (or the TTL took them while we were away): say so now.
        for (const own of owned.values()) void own.beat();
      }
    }
  })().catch(() => undefined);

  const announce = (instance: Instance): Announcement => ({ instance, heartbeatAt: Date.now(), ttlMs });

  function keyFor(instance: Instance): string {
    for (const [part, value] of [
      ['system', instance.system],
      ['service', instance.service],
      ['id', instance.id],
    ] as const) {
      if (!KEY_PART.test(value)) {
        throw new Error(`instance ${part} "${value}" cannot be a registry key part: use letters, digits, - and _`);
      }
    }
    return `${instance.system}.${instance.service}.${instance.id}`;
  }

  let warnedDown = false;
  function startHeartbeat(key: string, instance: Instance): Owned {
    const own: Owned = {
      key,
      instance,
      inFlight: Promise.resolve(),
      busy: false,
      timer: setInterval(() => void own.beat(), heartbeatMs),
      beat() {
        // One beat at a time; a tick that finds one still in flight skips (it would only queue behind it).
        if (own.busy) return own.inFlight;
        own.busy = true;
        own.inFlight = (async () => {
          if (closed || owned.get(instance.id) !== own) return;
          try {
            // A short timeout: while NATS is away a put waits for it, and a stale beat is worth nothing.
            const announcement = announce(instance);
            const revision = await kv.put(key, JSON.stringify(announcement), { timeout: putTimeoutMs });
            if (!closed && owned.get(instance.id) === own) {
              notify(() => view.put(key, revision, announcement, announcement.heartbeatAt), false);
            }
            warnedDown = false;
          } catch (error) {
            // NATS is away; the client reconnects by itself and the next beat announces us again.
            if (!warnedDown) logger.warn({ err: error, key }, `registry heartbeat failed for ${instance.id}; retrying`);
            warnedDown = true;
          } finally {
            own.busy = false;
          }
        })();
        return own.inFlight;
      },
    };
    own.timer.unref();
    return own;
  }

  return {
    async register(instance) {
      if (closed) throw new Error(`cannot register ${instance.id}: the NATS KV registry is closed`);
      const stored = Object.freeze({ ...instance });
      const key = keyFor(stored);
      const previous = owned.get(stored.id);
      if (previous) {
        // Re-registering (e.g. readiness changed): an old beat landing after this put would undo it.
        owned.delete(stored.id);
        clearInterval(previous.timer);
        await previous.inFlight;
      }
      const announcement = announce(stored);
      const revision = await kv.put(key, JSON.stringify(announcement));
      const own = startHeartbeat(key, stored);
      owned.set(stored.id, own);
      notify(() => view.put(key, revision, announcement, announcement.heartbeatAt), true);
    },

    async deregister(id) {
      const own = owned.get(id);
      const key = own?.key ?? view.keyOf(id);
      if (!key) return;
      if (own) {
        owned.delete(id);
        clearInterval(own.timer);
        await own.inFlight; // a beat in flight must not land after the delete
      }
      await kv.delete(key);
      notify(() => view.removeOwn(key), true);
    },

    instances(system, service) {
      return view.instances(system, service, Date.now());
    },

    watch(listener) {
      if (closed) throw new Error('cannot watch: the NATS KV registry is closed');
      const entry = { listener };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },

    async close() {
      if (closed) return;
      // Leaving explicitly: watchers elsewhere learn at once instead of after the TTL.
      const leaving = [...owned.values()];
      closed = true;
      for (const own of leaving) clearInterval(own.timer);
      await Promise.all(
        leaving.map(async (own) => {
          await own.inFlight;
          await kv.delete(own.key).catch((error) => logger.warn({ err: error, key: own.key }, 'could not deregister'));
        }),
      );
      owned.clear();
      clearInterval(sweeper);
      watcher.stop();
      listeners.clear();
      view.clear();
      if (ownsConnection) await nc.close();
      await watching;
    },
  };
}

/** Creates the bucket, or opens it as it is when another process created it with other limits. */
async function openBucket(kvm: Kvm, name: string, ttlMs: number): Promise<KV> {
  try {
    return await kvm.create(name, { ttl: ttlMs, history: 1 });
  } catch (error) {
    if (!/already in use/i.test(String(error))) throw error;
    return kvm.open(name);
  }
}

function parse(entry: KvEntry): Announcement | undefined {
  try {
    const value = entry.json<Partial<Announcement>>();
    const instance = value.instance;
    if (
      !instance ||
      typeof instance.id !== 'string' ||
      typeof instance.url !== 'string' ||
      typeof instance.system !== 'string' ||
      typeof instance.service !== 'string' ||
      typeof value.heartbeatAt !== 'number' ||
      typeof value.ttlMs !== 'number'
    ) {
      return undefined;
    }
    return {
      instance: Object.freeze({ ...instance, ready: instance.ready !== false }),
      heartbeatAt: value.heartbeatAt,
      ttlMs: value.ttlMs,
    };
  } catch {
    return undefined;
  }
}
