import type { ScrapeTarget } from './scrape-targets.ts';

export interface PrometheusConfigOptions {
  /** A Prometheus duration, e.g. `15s`. */
  interval: string;
  /** Where the targets were read (a line in the file's header). */
  source: string;
  now?: Date;
}

const DURATION = /^(\d+(ms|s|m|h))+$/;

export function checkInterval(interval: string): void {
  if (!DURATION.test(interval) || /^0+(ms|s|m|h)$/.test(interval)) {
    throw new Error(`the scrape interval must be a Prometheus duration such as 5s, 15s or 1m; got "${interval}"`);
  }
}

/**
 * A Prometheus configuration scraping `targets`: one job per system, a static target per process, labelled with
 * its system, service and instance. Scalars are written as JSON strings, which YAML reads as the same strings,
 * so no name or address can break the file.
 */
export function prometheusConfig(targets: readonly ScrapeTarget[], options: PrometheusConfigOptions): string {
  checkInterval(options.interval);
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    `# Prometheus scrape configuration for Mosaic, written by \`mosaic prometheus-config\` at ${(options.now ?? new Date()).toISOString()}`,
    `# from ${options.source}. It lists the processes running then: write it again after scaling or a restart on`,
    '# other ports (Prometheus reloads it on SIGHUP or POST /-/reload with --web.enable-lifecycle).',
    'global:',
    `  scrape_interval: ${options.interval}`,
    'scrape_configs:',
  ];
  const systems = [...new Set(targets.map((t) => t.system))];
  if (systems.length === 0) lines[lines.length - 1] = 'scrape_configs: []';
  for (const system of systems) {
    lines.push(`  - job_name: ${q(`mosaic-${system}`)}`, '    metrics_path: /metrics', '    static_configs:');
    for (const target of targets.filter((t) => t.system === system)) {
      lines.push(
        `      - targets: [${q(target.address)}]`,
        '        labels:',
        `          system: ${q(target.system)}`,
        `          service: ${q(target.service)}`,
        `          instance: ${q(target.instance)}`,
      );
    }
    lines.push(
      // Every process labels its own samples with its system (and a service its service) already; the target's
      // labels are the same, so Prometheus's copies of them (exported_*) are dropped. The one place they differ is
      // the gateway's breaker gauge, whose service and instance name the upstream: kept as upstream_*.
      '    metric_relabel_configs:',
      '      - source_labels: [__name__, exported_service]',
      '        regex: "mosaic_gateway_breaker_state;(.+)"',
      '        target_label: upstream_service',
      '      - source_labels: [__name__, exported_instance]',
      '        regex: "mosaic_gateway_breaker_state;(.+)"',
      '        target_label: upstream_instance',
      '      - action: labeldrop',
      '        regex: "exported_(system|service|instance)"',
    );
  }
  return `${lines.join('\n')}\n`;
}
