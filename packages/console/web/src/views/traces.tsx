import type { Traces } from '../../../src/api.ts';
import { coloursFor } from '../colours.ts';
import { duration, when } from '../format.ts';
import { Badge, Status } from '../parts.tsx';
import { href, type Route } from '../route.ts';
import { useResource } from '../use-resource.ts';
import { Waterfall } from './waterfall.tsx';

export function TracesView({ route }: { route: Route }) {
  const traceId = route.rest[0];
  if (traceId) return <Waterfall traceId={traceId} />;
  return <TraceList />;
}

function TraceList() {
  const traces = useResource<Traces>('/traces?limit=100', 5000);
  const list = traces.data?.traces ?? [];
  const colourOf = coloursFor(list.flatMap((t) => t.services));
  return (
    <div data-testid="view-traces">
      <div class="view-head">
        <h1>Traces</h1>
        <p class="muted">The most recent, newest first</p>
      </div>
      <Status
        loading={traces.loading}
        error={traces.error}
        empty={list.length === 0}
        emptyText="No trace yet: call a gateway and its trace shows here."
      />
      {list.length > 0 && (
        <div class="panel">
          <table class="table" data-testid="traces-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Services</th>
                <th>Started</th>
                <th class="num">Duration</th>
                <th class="num">Spans</th>
                <th class="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              {list.map((trace) => (
                <tr key={trace.traceId} data-testid="trace" data-trace-id={trace.traceId}>
                  <td>
                    <a href={href('traces', [trace.traceId])} data-testid="trace-link">
                      {trace.name}
                    </a>
                    {trace.system && <span class="muted small"> · {trace.system}</span>}
                  </td>
                  <td>
                    {trace.services.map((service) => (
                      <span key={service} class="chip" style={{ borderColor: colourOf(service) }}>
                        <span class="dot" style={{ background: colourOf(service) }} />
                        {service}
                      </span>
                    ))}
                  </td>
                  <td>{when(trace.startMs)}</td>
                  <td class="num">{duration(trace.durationMs)}</td>
                  <td class="num">{trace.spanCount}</td>
                  <td class="num">
                    {trace.errorCount > 0 ? <Badge tone="bad">{trace.errorCount}</Badge> : <span class="muted">0</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
