import type { ServiceClient } from './client.ts';

/** One breaker as the operator routes show it (a service's `/admin/breakers`, the gateway's). */
export interface BreakerLine {
  /** The service called. */
  service: string;
  /** The instance the breaker guards. */
  instance: string;
  state: 'closed' | 'half-open' | 'open';
  /** When it last changed state (ISO); null when it never has. */
  since: string | null;
  /** What last opened it; null when it never opened. */
  reason: string | null;
}

/** One line per instance a client's breakers guard. */
export function breakersOf(client: ServiceClient): BreakerLine[] {
  return Object.entries(client.breakerReports()).map(([instance, report]) => ({
    service: client.service,
    instance,
    state: report.state,
    since: report.since === null ? null : new Date(report.since).toISOString(),
    reason: report.reason,
  }));
}
