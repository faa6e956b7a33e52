import { networkInterfaces } from 'node:os';

export type Storage = 'postgres' | 'mysql';
export type EngineKind = Storage | 'nats' | 'redis';

/** Everything the distributed runtime reads from the environment, with this machine's defaults. */
export interface DistributedConfig {
  urls: Record<EngineKind, string>;
  /**
   * Prefixes every name the runtime creates on shared engines (databases, streams, the registry bucket,
   * Redis keys), so two deployments or test runs never meet. Lower-case letters, digits and `_`.
   */
  namespace: string;
  /** Where servers listen and what they advertise in the registry. */
  host: string;
  registryTtlMs: number;
  /** Connections per service database. */
  pool: number;
  /**
   * Partitions of each system's event stream, i.e. how many events a consumer group handles at once. Every
   * process of a system must agree; a stream created with another number is refused. Default: the bus's.
   */
  busPartitions?: number;
  /** Per-service storage chosen by the operator, by variable name (see `storageVariable`). */
  storageOverrides: ReadonlyMap<string, Storage>;
}

const ENGINES: Record<EngineKind, { name: string; variable: string; fallback: string; start: string }> = {
  postgres: {
    name: 'PostgreSQL',
    variable: 'MOSAIC_POSTGRES_URL',
    fallback: 'postgres://127.0.0.1:5432',
    start: '`service postgresql start`, or `docker compose -f deploy/compose.distributed.yaml up -d postgres`',
  },
  mysql: {
    name: 'MySQL/MariaDB',
    variable: 'MOSAIC_MYSQL_URL',
    fallback: 'mysql://root@127.0.0.1:3306',
    start: '`service mariadb start`, or `docker compose -f deploy/compose.distributed.yaml up -d mariadb`',
  },
  nats: {
    name: 'NATS with JetStream',
    variable: 'MOSAIC_NATS_URL',
    fallback: 'nats://127.0.0.1:4222',
    start: '`nats-server -js -sd /tmp/nats &`, or `docker compose -f deploy/compose.distributed.yaml up -d nats`',
  },
  redis: {
    name: 'Redis',
    variable: 'MOSAIC_REDIS_URL',
    fallback: 'redis://127.0.0.1:6379',
    start: '`redis-server --daemonize yes`, or `docker compose -f deploy/compose.distributed.yaml up -d redis`',
  },
};

const NAMESPACE = /^[a-z0-9_]*$/;

/** Where each engine is: the MOSAIC_*_URL variables, else this machine. */
export function engineUrlsFrom(env: NodeJS.ProcessEnv = process.env): Record<EngineKind, string> {
  const urls = {} as Record<EngineKind, string>;
  for (const kind of Object.keys(ENGINES) as EngineKind[]) {
    urls[kind] = env[ENGINES[kind].variable] || ENGINES[kind].fallback;
  }
  return urls;
}

export function readDistributedConfig(env: NodeJS.ProcessEnv = process.env): DistributedConfig {
  const urls = engineUrlsFrom(env);
  const namespace = env.MOSAIC_NAMESPACE ?? '';
  if (!NAMESPACE.test(namespace)) {
    throw new Error(`MOSAIC_NAMESPACE="${namespace}" may hold only lower-case letters, digits and _`);
  }
  return {
    urls,
    namespace,
    host: resolveHost(env.MOSAIC_HOST),
    registryTtlMs: positiveInt(env.MOSAIC_REGISTRY_TTL_MS, 5_000, 'MOSAIC_REGISTRY_TTL_MS'),
    pool: positiveInt(env.MOSAIC_DB_POOL, 10, 'MOSAIC_DB_POOL'),
    ...(env.MOSAIC_BUS_PARTITIONS
      ? { busPartitions: parsePositiveInt(env.MOSAIC_BUS_PARTITIONS, 'MOSAIC_BUS_PARTITIONS') }
      : {}),
    storageOverrides: storageOverrides(env),
  };
}

/** `MOSAIC_STORAGE_FISHDELIVERY_PAYMENT=postgres` → `fishdelivery/payment` → postgres. */
export function storageVariable(system: string, service: string): string {
  return `MOSAIC_STORAGE_${system}_${service}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function storageOverrides(env: NodeJS.ProcessEnv): Map<string, Storage> {
  const found = new Map<string, Storage>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('MOSAIC_STORAGE_') || value === undefined) continue;
    if (value !== 'postgres' && value !== 'mysql') {
      throw new Error(`${name}="${value}" must be "postgres" or "mysql"`);
    }
    found.set(name, value);
  }
  return found;
}

/** The engine a service's database lives on: the operator's choice, else the service's hint, else PostgreSQL. */
export function storageFor(
  config: Pick<DistributedConfig, 'storageOverrides'>,
  system: string,
  service: string,
  hint: Storage | undefined,
): Storage {
  return config.storageOverrides.get(storageVariable(system, service)) ?? hint ?? 'postgres';
}

/** One line naming the engine, where it was looked for and how to start it. */
export function engineMissingMessage(kind: EngineKind, url: string, cause?: unknown): string {
  const { name, variable, start } = ENGINES[kind];
  const why = cause === undefined ? '' : ` (${describeCause(cause)})`;
  return `${name} is not reachable at ${redact(url)}${why}: start it (${start}) or point ${variable} at a running one`;
}

/**
 * `MOSAIC_HOST=auto` (containers): this machine's first non-loopback IPv4 address, so what the registry
 * advertises is reachable from other hosts. Servers listen on that address.
 */
function resolveHost(value: string | undefined): string {
  if (!value) return '127.0.0.1';
  if (value !== 'auto') return value;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  throw new Error('MOSAIC_HOST=auto found no non-loopback IPv4 address; set MOSAIC_HOST to the address to advertise');
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  return value === undefined || value === '' ? fallback : parsePositiveInt(value, name);
}

function parsePositiveInt(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name}="${value}" must be a positive whole number`);
  return parsed;
}

function describeCause(error: unknown): string {
  // Adapters wrap the socket error in a sentence of their own; the root says what actually happened.
  if (error instanceof Error && error.cause !== undefined) return describeCause(error.cause);
  if (error instanceof AggregateError && error.errors.length > 0) return describeCause(error.errors[0]);
  if (error instanceof Error) return (error as { code?: string }).code ?? (error.message || error.name);
  return String(error);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
