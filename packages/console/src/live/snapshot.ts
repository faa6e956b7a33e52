import type { Sample } from './prometheus.ts';

/**
 * What the console keeps of one scrape of one process: the counters and gauges its views are computed from,
 * keyed by route (`METHOD route`) or consumer group. Everything else the process exposes is dropped here.
 */
export interface Snapshot {
  at: number;
  /** Route → status → requests so far. */
  requests: Map<string, Map<string, number>>;
  /** Route → bucket bound (s) → requests at or under it so far. */
  buckets: Map<string, Map<number, number>>;
  /** Consumer group → events waiting (a gauge). */
  lag: Map<string, number>;
  /** Consumer group → events it is done with so far: handled, skipped as duplicates, or dead-lettered. */
  consumed: Map<string, number>;
}

const NAMES = {
  gateway: { requests: 'mosaic_gateway_requests_total', buckets: 'mosaic_gateway_request_duration_seconds_bucket' },
  service: { requests: 'mosaic_http_requests_total', buckets: 'mosaic_http_request_duration_seconds_bucket' },
} as const;

export function snapshotOf(kind: 'gateway' | 'service', samples: readonly Sample[], at: number): Snapshot {
  const names = NAMES[kind];
  const snapshot: Snapshot = { at, requests: new Map(), buckets: new Map(), lag: new Map(), consumed: new Map() };
  for (const { name, labels, value } of samples) {
    const route = `${labels.method ?? '?'} ${labels.route ?? '?'}`;
    if (name === names.requests) {
      add(inner(snapshot.requests, route), labels.status ?? '0', value);
    } else if (name === names.buckets) {
      const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
      // The gateway's histogram is per status too: summed here, so a route has one distribution.
      if (!Number.isNaN(le)) add(inner(snapshot.buckets, route), le, value);
    } else if (name === 'mosaic_consumer_lag' && labels.group) {
      snapshot.lag.set(labels.group, value);
    } else if (name === 'mosaic_consumer_events_total' && labels.group && labels.outcome !== 'failed') {
      // A failed try is retried: counted, the same event would count once per attempt.
      add(snapshot.consumed, labels.group, value);
    }
  }
  return snapshot;
}

/** A counter's increase since `before`; a smaller value means the process restarted and counted from zero. */
export function increase(now: number, before: number | undefined): number {
  if (before === undefined || now < before) return now;
  return now - before;
}

/** Increments of every series of `now` over `before`. */
export function increments<K>(now: ReadonlyMap<K, number>, before: ReadonlyMap<K, number> | undefined): Map<K, number> {
  const out = new Map<K, number>();
  for (const [key, value] of now) out.set(key, increase(value, before?.get(key)));
  return out;
}

function inner<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let found = outer.get(key);
  if (!found) {
    found = new Map();
    outer.set(key, found);
  }
  return found;
}

function add<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
