import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import donuts from '@mosaic/donuts';
import { startTestSystem } from '@mosaic/kit/testing';
import { describe, expect, it } from 'vitest';

// The dashboard is checked against Grafana's own published types (@grafana/schema, generated from the CUE schema
// Grafana validates dashboards with): the JSON is compiled as an object literal that must satisfy `Dashboard`, and
// each panel the options and field config of its panel type. An object literal gets TypeScript's excess-property
// check, so a misspelt or unknown field fails as well as a wrong type.
const FILE = join(import.meta.dirname, '../../../deploy/grafana/mosaic.json');
interface DashboardJson {
  templating: { list: { type: string; name: string; query?: unknown }[] };
  panels: {
    type: string;
    title: string;
    datasource?: unknown;
    targets?: { expr: string }[];
    options?: { legend?: { displayMode?: string } };
  }[];
}
const dashboard = JSON.parse(readFileSync(FILE, 'utf8')) as DashboardJson;

/** The panel types the dashboard uses, and the module of @grafana/schema holding each one's options. */
const PANEL_CONFIGS: Record<string, string> = {
  timeseries: '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen',
};

/** A TypeScript module that compiles only if the dashboard JSON satisfies Grafana's types. */
function checkModule(checked: DashboardJson = dashboard): string {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const lines = [
    "import type { Dashboard, FieldConfigSource, Panel, RowPanel } from '@grafana/schema';",
    ...Object.entries(PANEL_CONFIGS).map(([type, module]) => `import type * as ${type} from '${module}';`),
    // JSON spells an enum by its value: the types' string enums are read as the union of their values.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text, a template literal type
    'type Json<T> = T extends string ? `${T}` : T extends number | boolean ? T : T extends (infer U)[] ? Json<U>[] :',
    '  T extends object ? { [K in keyof T]: Json<T[K]> } : T;',
    `export const dashboard = ${json(checked)} satisfies Json<Dashboard>;`,
  ];
  checked.panels.forEach((panel, i) => {
    if (panel.type === 'row') {
      lines.push(`export const panel${i} = ${json(panel)} satisfies Json<RowPanel>;`);
      return;
    }
    const config = PANEL_CONFIGS[panel.type] ? panel.type : undefined;
    const typed = config
      ? `Omit<Panel, 'options' | 'fieldConfig'> & { options: ${config}.Options; fieldConfig: FieldConfigSource<${config}.FieldConfig> }`
      : 'Panel';
    lines.push(`export const panel${i} = ${json(panel)} satisfies Json<${typed}>;`);
  });
  return lines.join('\n');
}

/** The project's own compiler (TypeScript 7 is a native program behind this script; it has no in-process API). */
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** The first line of each error tsc reports for `source`. */
function typeErrors(source: string): string[] {
  // In this package's folder, so that @grafana/schema resolves from here; removed afterwards.
  const dir = mkdtempSync(join(import.meta.dirname, '.grafana-dashboard-check-'));
  try {
    writeFileSync(join(dir, 'dashboard.ts'), source);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      skipLibCheck: true,
      types: [],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['dashboard.ts'] }));
    const run = spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const errors = run.stdout.split('\n').flatMap((line) => {
      const found = / error TS\d+: (.*)$/.exec(line);
      return found ? [found[1]!] : [];
    });
    // A failed run that reports no error is a broken check, not a clean dashboard.
    if (run.status !== 0 && errors.length === 0) throw new Error(`tsc failed: ${run.stdout}${run.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The metric names a running system's gateway and services declare on /metrics (`# TYPE` lines, there before any
 * sample), with a histogram's series names. Donuts has all of them: policies, sagas, work queues.
 */
async function servedMetricNames(): Promise<Set<string>> {
  const system = await startTestSystem(donuts);
  try {
    const urls = [system.gatewayUrl, ...[...system.services.values()].map((s) => s.url)];
    const names = new Set<string>();
    for (const url of urls) {
      const page = await (await fetch(`${url}/metrics`)).text();
      for (const [, name, type] of page.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        names.add(name!);
        if (type === 'histogram') for (const part of ['_bucket', '_sum', '_count']) names.add(`${name}${part}`);
      }
    }
    return names;
  } finally {
    await system.close();
  }
}

describe('deploy/grafana/mosaic.json', () => {
  it("satisfies Grafana's published Dashboard types, and each panel its panel type's options", () => {
    expect(typeErrors(checkModule())).toEqual([]);
  });

  it('is checked for real: a misspelt field or a wrong enum value is refused', () => {
    const broken = structuredClone(dashboard) as DashboardJson & Record<string, unknown>;
    broken.graphTooltipp = broken.graphTooltip;
    delete broken.graphTooltip;
    const panel = broken.panels.find((p) => p.type === 'timeseries');
    if (!panel?.options?.legend) throw new Error('the dashboard has no time series panel with a legend');
    panel.options.legend.displayMode = 'lists';
    const errors = typeErrors(checkModule(broken));
    expect(errors.some((e) => e.includes('graphTooltipp'))).toBe(true);
    expect(errors.some((e) => e.includes('"lists"'))).toBe(true);
  });

  it('asks for a Prometheus data source, and every panel queries it', () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable).toMatchObject({ name: 'datasource', query: 'prometheus' });
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not JavaScript's
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('queries only metrics the gateways and services serve', async () => {
    const served = await servedMetricNames();
    const queried = new Set(
      dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/\bmosaic_[a-z_]+/g) ?? []),
    );
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });
});
