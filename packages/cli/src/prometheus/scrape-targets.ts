/** One process Prometheus should scrape: its `/metrics` at `address` (host:port), and what it is. */
export interface ScrapeTarget {
  system: string;
  /** A service's name, or `gateway`. */
  service: string;
  /** The registry's instance id where there is one, else the address. */
  instance: string;
  address: string;
}

/** `http://10.0.0.7:8081` → `10.0.0.7:8081`; a URL without a port gets its scheme's. */
export function addressOf(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}

/** By system, then gateway first, then service and instance: the file reads the same way every time. */
export function inScrapeOrder(targets: readonly ScrapeTarget[], systemOrder: readonly string[]): ScrapeTarget[] {
  const rank = (system: string) => {
    const at = systemOrder.indexOf(system);
    return at < 0 ? systemOrder.length : at;
  };
  return [...targets].sort(
    (a, b) =>
      rank(a.system) - rank(b.system) ||
      a.system.localeCompare(b.system) ||
      Number(b.service === 'gateway') - Number(a.service === 'gateway') ||
      a.service.localeCompare(b.service) ||
      a.instance.localeCompare(b.instance),
  );
}
