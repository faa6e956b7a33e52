import type { Revocations } from '../auth/revocations.ts';
import type { SystemKeys } from '../auth/system-key.ts';
import type { Cache } from '../cache/cache.ts';
import type { ConfigCipher } from '../config/cipher.ts';
import type { ConfigStore } from '../config/config.ts';
import type { Registry } from '../discovery/registry.ts';
import type { Limiter } from '../limits/limiter.ts';
import type { Bus } from '../messaging/bus.ts';
import type { Logger } from '../observability/logger.ts';
import type { WorkQueues } from '../queues/queues.ts';
import type { ServiceDatabase } from '../store/database.ts';

/** The adapters a service is given. Embedded and distributed runtimes differ only here (DESIGN §2). */
export interface Runtime {
  readonly kind: 'embedded' | 'distributed';
  readonly registry: Registry;
  readonly logger: Logger;
  /** Gateway response cache and rate-limit counters: shared by every replica that needs them. */
  readonly cache: Cache;
  readonly limiter: Limiter;
  /**
   * The system's revoked tokens, seen by every gateway replica of the system: a table in the system's PGlite
   * when embedded (a logout outlives a restart), Redis when distributed.
   */
  revocations(system: string): Revocations;
  /**
   * The system's keys: what its gateway vouches with and its operator tokens are signed with. Every process of
   * the system gets the same: a file beside the system's data when embedded (a random key with `--memory`),
   * a NATS KV entry when distributed.
   */
  systemKeys(system: string): Promise<SystemKeys>;
  /**
   * Where the system's settings are set and followed: files beside the system's data when embedded (memory with
   * `--memory`), a watched NATS KV bucket when distributed. Opened at the first service that declares settings.
   */
  configStore(system: string): Promise<ConfigStore>;
  /** Seals and opens setting values with MOSAIC_CONFIG_KEY (refused when malformed; plain, with a warning, when unset). */
  configCipher(): ConfigCipher;
  /** Where servers listen and what address they advertise. */
  readonly host: string;
  /** A service's own database, migrated by the caller. */
  database(system: string, service: string): Promise<ServiceDatabase>;
  /** The system's event bus (one per system, shared by its services). */
  bus(system: string): Promise<Bus>;
  /**
   * The system's work queues (one per system, shared by its services): rows in the system's PGlite when embedded,
   * a JetStream work-queue stream per queue when distributed. Opened at the first service that works or sends to one.
   */
  queues(system: string): Promise<WorkQueues>;
  /** Where the runtime keeps its data, for people reading the start-up table. */
  describeData(system: string): string;
  close(): Promise<void>;
}
