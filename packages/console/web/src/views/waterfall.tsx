import { useState } from 'preact/hooks';
import type { SpanView, Trace } from '../../../src/api.ts';
import { coloursFor } from '../colours.ts';
import { duration, when } from '../format.ts';
import { Badge, Status } from '../parts.tsx';
import { href } from '../route.ts';
import { treeOrder } from '../span-tree.ts';
import { useResource } from '../use-resource.ts';

export function Waterfall({ traceId }: { traceId: string }) {
  const trace = useResource<Trace>(`/traces/${encodeURIComponent(traceId)}`);
  const [selected, setSelected] = useState<string>();
  const spans = trace.data?.spans ?? [];
  const rows = treeOrder(spans);
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const total = Math.max(end - start, 0.001);
  const services = [...new Set(spans.map((s) => s.service))].sort();
  const colourOf = coloursFor(services);
  const chosen = spans.find((s) => s.spanId === selected);
  const root = rows[0]?.span;

  return (
    <div data-testid="view-trace">
      <div class="view-head">
        <a class="link" href={href('traces')} data-testid="back-to-traces">
          ← Traces
        </a>
        <h1>{root?.name ?? 'Trace'}</h1>
        <p class="muted">
          <span class="mono">{traceId}</span>
          {spans.length > 0 && ` · ${spans.length} spans · ${duration(total)} · ${when(start)}`}
        </p>
      </div>
      <Status
        loading={trace.loading}
        error={trace.error}
        empty={spans.length === 0}
        emptyText="No span in this trace."
      />
      {spans.length > 0 && (
        <div class="panel waterfall" data-testid="waterfall">
          <div class="legend">
            {services.map((service) => (
              <span key={service} class="legend-item">
                <span class="dot" style={{ background: colourOf(service) }} />
                {service}
              </span>
            ))}
          </div>
          <div class="wf-row wf-axis" aria-hidden="true">
            <div class="wf-label" />
            <div class="wf-track">
              {[0, 0.25, 0.5, 0.75, 1].map((f) => (
                <span key={f} class="wf-tick" style={{ left: `${f * 100}%` }}>
                  {duration(total * f)}
                </span>
              ))}
            </div>
          </div>
          {rows.map(({ span, depth }) => {
            const left = ((span.startMs - start) / total) * 100;
            const width = Math.max((span.durationMs / total) * 100, 0.3);
            return (
              <button
                type="button"
                key={span.spanId}
                class={`wf-row${span.spanId === selected ? ' selected' : ''}${span.status === 'error' ? ' error' : ''}`}
                onClick={() => setSelected(span.spanId === selected ? undefined : span.spanId)}
                data-testid="span"
                data-span-id={span.spanId}
                data-depth={depth}
                data-service={span.service}
              >
                <span class="wf-label" style={{ paddingLeft: `${depth * 14 + 6}px` }} title={span.name}>
                  <span class="dot" style={{ background: colourOf(span.service) }} />
                  <span class="wf-service">{span.service}</span>
                  <span class="wf-name">{span.name}</span>
                </span>
                <span class="wf-track">
                  <span
                    class="wf-bar"
                    data-testid="span-bar"
                    style={{ left: `${left}%`, width: `${width}%`, background: colourOf(span.service) }}
                  />
                  <span
                    class="wf-duration"
                    style={left + width > 80 ? { right: `${100 - left + 0.5}%` } : { left: `${left + width + 0.5}%` }}
                  >
                    {duration(span.durationMs)}
                  </span>
                </span>
              </button>
            );
          })}
          {chosen && <SpanDetails span={chosen} traceStart={start} colour={colourOf(chosen.service)} />}
        </div>
      )}
    </div>
  );
}

function SpanDetails({ span, traceStart, colour }: { span: SpanView; traceStart: number; colour: string }) {
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div class="span-details" data-testid="span-details">
      <h3>
        <span class="dot" style={{ background: colour }} />
        {span.name}{' '}
        <Badge tone={span.status === 'error' ? 'bad' : span.status === 'ok' ? 'ok' : 'neutral'}>{span.status}</Badge>
      </h3>
      <dl class="facts">
        <dt>Service</dt>
        <dd>
          {span.system ? `${span.system}/` : ''}
          {span.service}
        </dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Starts at</dt>
        <dd>+{duration(span.startMs - traceStart)}</dd>
        <dt>Duration</dt>
        <dd>{duration(span.durationMs)}</dd>
        <dt>Span</dt>
        <dd class="mono">{span.spanId}</dd>
      </dl>
      {attributes.length > 0 && (
        <table class="table compact" data-testid="span-attributes">
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <th class="mono">{key}</th>
                <td class="mono">{String(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
