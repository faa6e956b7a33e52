/**
 * Requests of one route (or one service) over one scrape interval, summed over the instances that answered
 * them: rates per second and the duration histogram's bucket increments, from which p50 and p99 are read.
 */
export interface Tally {
  rate: number;
  errorRate: number;
  clientErrorRate: number;
  /** Upper bound in seconds → requests at or under it in the interval (cumulative, as Prometheus buckets are). */
  buckets: Map<number, number>;
}

export interface Figures {
  rate: number;
  errorRate: number;
  clientErrorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export function newTally(): Tally {
  return { rate: 0, errorRate: 0, clientErrorRate: 0, buckets: new Map() };
}

/** Adds one instance's increments: requests by status, and bucket increments, over `seconds`. */
export function addIncrements(
  tally: Tally,
  byStatus: ReadonlyMap<string, number>,
  buckets: ReadonlyMap<number, number> | undefined,
  seconds: number,
): void {
  for (const [status, count] of byStatus) {
    const perSecond = count / seconds;
    tally.rate += perSecond;
    const code = Number(status);
    if (code >= 500) tally.errorRate += perSecond;
    else if (code >= 400) tally.clientErrorRate += perSecond;
  }
  mergeBuckets(tally, buckets);
}

export function mergeInto(into: Tally, from: Tally): void {
  into.rate += from.rate;
  into.errorRate += from.errorRate;
  into.clientErrorRate += from.clientErrorRate;
  mergeBuckets(into, from.buckets);
}

function mergeBuckets(tally: Tally, buckets: ReadonlyMap<number, number> | undefined): void {
  if (!buckets) return;
  for (const [le, count] of buckets) tally.buckets.set(le, (tally.buckets.get(le) ?? 0) + count);
}

export function figuresOf(tally: Tally): Figures {
  return {
    rate: round(tally.rate),
    errorRate: round(tally.errorRate),
    clientErrorRate: round(tally.clientErrorRate),
    p50Ms: quantileMs(tally.buckets, 0.5),
    p99Ms: quantileMs(tally.buckets, 0.99),
  };
}

/**
 * The q-quantile from cumulative bucket counts, interpolated linearly inside its bucket as Prometheus's
 * `histogram_quantile` does; in the `+Inf` bucket it is the highest finite bound (nothing better is known).
 * Null when the interval saw no request.
 */
export function quantileMs(buckets: ReadonlyMap<number, number>, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? (bounds.length ? (buckets.get(bounds.at(-1)!) ?? 0) : 0);
  if (!(total > 0)) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le) ?? 0;
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return round(lower * 1000);
      const share = count === below ? 0 : (rank - below) / (count - below);
      return round((lower + (le - lower) * share) * 1000);
    }
    lower = le;
    below = count;
  }
  return round(lower * 1000);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
