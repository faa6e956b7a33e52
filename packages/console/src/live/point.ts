import type { ConsumerGroupInfo, LivePoint } from '../api.ts';
import { addIncrements, figuresOf, mergeInto, newTally, type Tally } from './figures.ts';
import { increase, increments, type Snapshot } from './snapshot.ts';

/** A process scraped: whose figures it adds to. */
export interface ScrapedProcess {
  system: string;
  /** `gateway`, or the service's name. */
  at: string;
  kind: 'gateway' | 'service';
}

interface RouteTally {
  tally: Tally;
  system: string;
  at: string;
  method: string;
  route: string;
}

/** The console's own traffic (and probes): not what a person wants to see as a service's load. */
function isOwnTraffic(route: string): boolean {
  const path = route.slice(route.indexOf(' ') + 1);
  return path === '/metrics' || path === '/livez' || path === '/readyz' || path.startsWith('/admin/');
}

/**
 * One point of the live series, built from every process's scrape and its previous one: per route and per
 * service, rates and latencies over the interval, summed over a service's instances; and each consumer group's
 * lag and throughput.
 */
export function pointBuilder() {
  const routes = new Map<string, RouteTally>();
  const groups = new Map<string, ConsumerGroupInfo>();
  let measured = false;

  const groupOf = (process: ScrapedProcess, group: string) => {
    const key = `${process.system}\u0000${process.at}\u0000${group}`;
    let found = groups.get(key);
    if (!found) {
      found = { system: process.system, service: process.at, group, lag: 0, throughput: 0 };
      groups.set(key, found);
    }
    return found;
  };

  const routeOf = (process: ScrapedProcess, route: string) => {
    const key = `${process.system}\u0000${process.at}\u0000${route}`;
    let found = routes.get(key);
    if (!found) {
      const space = route.indexOf(' ');
      const method = route.slice(0, space);
      found = { tally: newTally(), system: process.system, at: process.at, method, route: route.slice(space + 1) };
      routes.set(key, found);
    }
    return found;
  };

  return {
    /** Adds one process's scrape; `before` is its previous one (none: it only shows its lag this time). */
    add(process: ScrapedProcess, now: Snapshot, before: Snapshot | undefined): void {
      // A group's backlog is the group's, whichever replica reports it: the largest seen, never a sum.
      for (const [group, lag] of now.lag) {
        const figures = groupOf(process, group);
        figures.lag = Math.max(figures.lag, lag);
      }
      for (const group of now.consumed.keys()) groupOf(process, group);
      const seconds = before ? (now.at - before.at) / 1000 : 0;
      if (!before || !(seconds > 0)) return;
      measured = true;
      for (const [group, consumed] of now.consumed) {
        groupOf(process, group).throughput += increase(consumed, before.consumed.get(group)) / seconds;
      }
      for (const [route, byStatus] of now.requests) {
        if (process.kind === 'service' && isOwnTraffic(route)) continue;
        const buckets = now.buckets.get(route);
        addIncrements(
          routeOf(process, route).tally,
          increments(byStatus, before.requests.get(route)),
          buckets && increments(buckets, before.buckets.get(route)),
          seconds,
        );
      }
    },
    /** Whether any process had an interval to measure (a first scrape has none). */
    get measured() {
      return measured;
    },
    point(at: number): LivePoint {
      const services = new Map<string, { tally: Tally; system: string; service: string }>();
      for (const entry of routes.values()) {
        const key = `${entry.system}\u0000${entry.at}`;
        let service = services.get(key);
        if (!service) {
          service = { tally: newTally(), system: entry.system, service: entry.at };
          services.set(key, service);
        }
        mergeInto(service.tally, entry.tally);
      }
      return {
        at,
        routes: [...routes.values()].map(({ tally, system, at: where, method, route }) => ({
          system,
          at: where,
          method,
          route,
          ...figuresOf(tally),
        })),
        services: [...services.values()].map(({ tally, system, service }) => ({
          system,
          service,
          ...figuresOf(tally),
        })),
      };
    },
    groups(): ConsumerGroupInfo[] {
      return [...groups.values()].map((g) => ({ ...g, throughput: Math.round(g.throughput * 1000) / 1000 }));
    },
  };
}
