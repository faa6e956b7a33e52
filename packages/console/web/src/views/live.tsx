import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LivePoint, LiveSeries, RouteFigures, ServiceFigures } from '../../../src/api.ts';
import { getJson, onAuthChange } from '../api-client.ts';
import { Chart, type ChartSeries } from '../chart.tsx';
import { colourAt } from '../colours.ts';
import { clock, duration, rate } from '../format.ts';
import { Section, Status } from '../parts.tsx';

const POLL_MS = 2000;
/** As much as the server keeps (5 min at 2 s): more would be a chart of nothing. */
const WINDOW_MS = 5 * 60_000;
/** Past this many lines a chart is a tangle: the busiest are drawn, the table lists all. */
const MAX_SERIES = 8;

type Figures = RouteFigures | ServiceFigures;
type Grouping = 'services' | 'routes';

interface Keyed {
  key: string;
  label: string;
  colour: string;
}

function keyOf(figures: Figures): Keyed {
  if ('service' in figures) {
    return { key: `${figures.system}/${figures.service}`, label: `${figures.system}/${figures.service}`, colour: '' };
  }
  const label = `${figures.method} ${figures.route} · ${figures.at}`;
  return { key: `${figures.system} ${label}`, label: `${figures.system} ${label}`, colour: '' };
}

function useLivePoints() {
  const [points, setPoints] = useState<LivePoint[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let since: number | undefined;
    let stopped = false;
    let busy = false;
    // Asks only for what came after the last point seen: the server answers a 2 s poll with one point.
    const poll = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        const series = await getJson<LiveSeries>(`/live${since === undefined ? '' : `?since=${since}`}`);
        if (stopped) return;
        const last = series.points.at(-1);
        if (last) {
          since = last.at;
          setPoints((kept) => [...kept, ...series.points].filter((p) => p.at > last.at - WINDOW_MS));
        }
        setError(undefined);
      } catch (thrown) {
        if (!stopped) setError(thrown instanceof Error ? thrown.message : String(thrown));
      } finally {
        busy = false;
        if (!stopped) setLoading(false);
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    const unsubscribe = onAuthChange(() => void poll());
    return () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
    };
  }, []);
  return { points, error, loading };
}

export function LiveView() {
  const { points, error, loading } = useLivePoints();
  const [grouping, setGrouping] = useState<Grouping>('services');
  const latest = points.at(-1);

  const model = useMemo(() => chartModel(points, grouping), [points, grouping]);

  return (
    <div data-testid="view-live">
      <div class="view-head">
        <h1>Live</h1>
        <p class="muted" data-testid="live-points" data-points={points.length}>
          Every {POLL_MS / 1000} s{latest ? ` · last point ${clock(latest.at)}` : ''} · {points.length} points
        </p>
        <fieldset class="segmented" aria-label="Group by">
          {(['services', 'routes'] as const).map((g) => (
            <button
              key={g}
              type="button"
              class={grouping === g ? 'on' : ''}
              aria-pressed={grouping === g}
              onClick={() => setGrouping(g)}
              data-testid={`live-group-${g}`}
            >
              Per {g === 'services' ? 'service' : 'route'}
            </button>
          ))}
        </fieldset>
      </div>
      <Status
        loading={loading}
        error={error}
        empty={points.length === 0}
        emptyText="No figures yet: the first arrive after two scrapes."
      />
      {points.length > 0 && (
        <>
          <div class="charts" data-testid="live-charts">
            <Chart
              title="Requests / s"
              x={model.x}
              ys={model.rate}
              series={model.series}
              format={rate}
              testId="chart-rate"
            />
            <Chart
              title="Server errors / s (5xx)"
              x={model.x}
              ys={model.errors}
              series={model.series}
              format={rate}
              testId="chart-errors"
            />
            <Chart
              title="Latency p50"
              x={model.x}
              ys={model.p50}
              series={model.series}
              format={duration}
              testId="chart-p50"
            />
            <Chart
              title="Latency p99"
              x={model.x}
              ys={model.p99}
              series={model.series}
              format={duration}
              testId="chart-p99"
            />
          </div>
          {model.hidden > 0 && (
            <p class="muted small">
              The charts draw the {MAX_SERIES} busiest of {model.series.length + model.hidden}; the table lists all.
            </p>
          )}
          <LatestTable grouping={grouping} latest={latest} colours={model.colours} />
        </>
      )}
    </div>
  );
}

function figuresOf(point: LivePoint, grouping: Grouping): Figures[] {
  return grouping === 'services' ? point.services : point.routes;
}

function chartModel(points: LivePoint[], grouping: Grouping) {
  const totals = new Map<string, { keyed: Keyed; total: number }>();
  for (const point of points) {
    for (const figures of figuresOf(point, grouping)) {
      const keyed = keyOf(figures);
      const seen = totals.get(keyed.key) ?? { keyed, total: 0 };
      seen.total += figures.rate;
      totals.set(keyed.key, seen);
    }
  }
  const ranked = [...totals.values()].sort((a, b) => b.total - a.total || a.keyed.key.localeCompare(b.keyed.key));
  const shown = ranked.slice(0, MAX_SERIES).sort((a, b) => a.keyed.key.localeCompare(b.keyed.key));
  const colours = new Map<string, string>();
  // By name, not by rank: a line keeps its colour while the ranking moves.
  [...totals.keys()].sort().forEach((key, i) => {
    colours.set(key, colourAt(i));
  });
  const series: ChartSeries[] = shown.map(({ keyed }) => ({ label: keyed.label, colour: colours.get(keyed.key)! }));
  const x = points.map((p) => p.at / 1000);
  const column = (pick: (f: Figures) => number | null) =>
    shown.map(({ keyed }) =>
      points.map((p) => {
        const found = figuresOf(p, grouping).find((f) => keyOf(f).key === keyed.key);
        return found ? pick(found) : null;
      }),
    );
  return {
    x,
    series,
    colours,
    hidden: ranked.length - shown.length,
    rate: column((f) => f.rate),
    errors: column((f) => f.errorRate),
    p50: column((f) => f.p50Ms),
    p99: column((f) => f.p99Ms),
  };
}

function LatestTable({
  grouping,
  latest,
  colours,
}: {
  grouping: Grouping;
  latest: LivePoint | undefined;
  colours: Map<string, string>;
}) {
  const rows = latest ? [...figuresOf(latest, grouping)].sort((a, b) => keyOf(a).key.localeCompare(keyOf(b).key)) : [];
  return (
    <Section title={grouping === 'services' ? 'Per service, now' : 'Per route, now'} testId="live-table">
      <table class="table">
        <thead>
          <tr>
            <th>{grouping === 'services' ? 'Service' : 'Route'}</th>
            <th class="num">Req/s</th>
            <th class="num">5xx/s</th>
            <th class="num">4xx/s</th>
            <th class="num">p50</th>
            <th class="num">p99</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((figures) => {
            const keyed = keyOf(figures);
            return (
              <tr key={keyed.key} data-testid="live-row" data-key={keyed.key}>
                <td>
                  <span class="dot" style={{ background: colours.get(keyed.key) ?? 'transparent' }} />
                  <span class="mono">{keyed.label}</span>
                </td>
                <td class="num">{rate(figures.rate)}</td>
                <td class={`num${figures.errorRate > 0 ? ' text-bad' : ''}`}>{rate(figures.errorRate)}</td>
                <td class={`num${figures.clientErrorRate > 0 ? ' text-warn' : ''}`}>{rate(figures.clientErrorRate)}</td>
                <td class="num">{duration(figures.p50Ms)}</td>
                <td class="num">{duration(figures.p99Ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
