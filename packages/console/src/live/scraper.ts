import type { ConsumerGroupInfo, LivePoint } from '../api.ts';
import { fetchText } from '../sources/operator-http.ts';
import type { ConsoleSource } from '../sources/source.ts';
import { pointBuilder, type ScrapedProcess } from './point.ts';
import { parsePrometheus } from './prometheus.ts';
import { type Snapshot, snapshotOf } from './snapshot.ts';

export interface ScraperOptions {
  /** Default 2000. */
  intervalMs?: number;
  /** How long points are kept. Default 5 minutes. */
  keepMs?: number;
  /**
   * How long scraping goes on after the figures were last asked for (the page polls them while it is open).
   * Default 60 s. Nobody looking, nothing is scraped: an idle `npm start` should cost next to nothing.
   */
  watchMs?: number;
}

export interface Scraper {
  /** The points after `since` (epoch ms), oldest first; all kept ones when absent. */
  points(since?: number): LivePoint[];
  /** Each consumer group's lag and throughput at the last scrape. */
  groups(): ConsumerGroupInfo[];
  /** Scrapes now (tests; the loop keeps going). */
  scrapeNow(): Promise<void>;
  stop(): Promise<void>;
}

interface Target extends ScrapedProcess {
  key: string;
  url: string;
}

/**
 * Scrapes every gateway's and service instance's `/metrics` every 2 s while someone is looking, and keeps 5
 * minutes of points: per route and per service, request and error rates and p50/p99 over the last interval, from
 * the increments of the counters and histogram buckets (summed over a service's instances). It starts when the
 * figures are first asked for and pauses once nobody has asked for `watchMs`; after a pause the next point
 * waits for a fresh interval, so no point averages over the time nobody watched.
 */
export function startScraper(source: ConsoleSource, options: ScraperOptions = {}): Scraper {
  const intervalMs = options.intervalMs ?? 2_000;
  const keepMs = options.keepMs ?? 300_000;
  const kept = Math.ceil(keepMs / intervalMs) + 1;
  const watchMs = options.watchMs ?? 60_000;
  let watchedAt = Number.NEGATIVE_INFINITY;
  let paused = true;
  const last = new Map<string, Snapshot>();
  let points: LivePoint[] = [];
  let groups: ConsumerGroupInfo[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const targets = (): Target[] =>
    source.systems().flatMap((system) => [
      ...source.gateways(system.name).map((g) => ({
        key: `${system.name}/gateway/${g.id}`,
        system: system.name,
        at: 'gateway',
        kind: 'gateway' as const,
        url: g.url,
      })),
      ...system.services.flatMap(({ definition }) =>
        source.instances(system.name, definition.name).map((i) => ({
          key: `${system.name}/${definition.name}/${i.id}`,
          system: system.name,
          at: definition.name,
          kind: 'service' as const,
          url: i.url,
        })),
      ),
    ]);

  async function scrape(): Promise<void> {
    const now = targets();
    const read = await Promise.all(
      now.map(async (target) => {
        try {
          const answer = await fetchText(`${target.url}/metrics`, Math.min(1_500, intervalMs));
          if (answer.status !== 200) return undefined;
          return snapshotOf(target.kind, parsePrometheus(answer.text), Date.now());
        } catch {
          // Not answering (starting, stopping, gone): it adds nothing to this point.
          return undefined;
        }
      }),
    );
    const builder = pointBuilder();
    now.forEach((target, i) => {
      const snapshot = read[i];
      if (!snapshot) return;
      builder.add(target, snapshot, last.get(target.key));
      last.set(target.key, snapshot);
    });
    const listed = new Set(now.map((t) => t.key));
    for (const key of last.keys()) if (!listed.has(key)) last.delete(key);
    groups = builder.groups();
    // A first scrape has no interval yet: no point rather than a point of zeros.
    if (builder.measured) points.push(builder.point(Date.now()));
    const horizon = Date.now() - keepMs;
    points = points.filter((p) => p.at >= horizon).slice(-kept);
  }

  function loop(): void {
    if (stopped) return;
    if (Date.now() - watchedAt > watchMs) {
      paused = true;
      return;
    }
    running = scrape()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  }

  /** Someone asked for the figures: scrape on, and start again at once after a pause. */
  function watched(): void {
    watchedAt = Date.now();
    if (!paused || stopped) return;
    paused = false;
    // The counters moved while nobody looked: the first scrape only sets the new baseline.
    last.clear();
    loop();
  }

  return {
    points(since) {
      watched();
      const horizon = Date.now() - keepMs;
      return points.filter((p) => p.at >= horizon && (since === undefined || p.at > since));
    },
    groups() {
      watched();
      return groups;
    },
    async scrapeNow() {
      while (running) await running;
      clearTimeout(timer);
      await scrape();
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(loop, intervalMs);
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
