import type { ReceivedSpan } from '@mosaic/kit/observability';
import type { SpanView, Trace, TraceSummary } from '../api.ts';

export interface TraceStoreOptions {
  /** Traces kept; the one least recently added to goes first. Default 300. */
  maxTraces?: number;
  /** Spans kept per trace; later ones are counted, not kept. Default 500. */
  maxSpansPerTrace?: number;
}

interface Kept {
  spans: Map<string, SpanView>;
  dropped: number;
}

/**
 * The recent traces, in memory, bounded both ways (traces, spans per trace; the kit's readOtlpTraces bounds each span), so no
 * exporter, however chatty or hostile, can make the console hold more than about maxTraces × maxSpans spans.
 */
export function createTraceStore(options: TraceStoreOptions = {}) {
  const maxTraces = options.maxTraces ?? 300;
  const maxSpans = options.maxSpansPerTrace ?? 500;
  // A Map keeps insertion order: a trace that gets a span moves to the end, the first is the stalest.
  const traces = new Map<string, Kept>();

  return {
    add(spans: readonly ReceivedSpan[]): void {
      for (const { traceId, ...span } of spans) {
        let kept = traces.get(traceId);
        if (kept) traces.delete(traceId);
        else kept = { spans: new Map(), dropped: 0 };
        traces.set(traceId, kept);
        // A span sent again (an exporter's retry) replaces itself.
        if (kept.spans.has(span.spanId) || kept.spans.size < maxSpans) kept.spans.set(span.spanId, span);
        else kept.dropped++;
        while (traces.size > maxTraces) traces.delete(traces.keys().next().value as string);
      }
    },
    /** Newest first (by the trace's start). */
    summaries(limit: number): TraceSummary[] {
      return [...traces.entries()]
        .map(([traceId, kept]) => summaryOf(traceId, [...kept.spans.values()]))
        .sort((a, b) => b.startMs - a.startMs)
        .slice(0, limit);
    },
    trace(traceId: string): Trace | undefined {
      const kept = traces.get(traceId.toLowerCase());
      if (!kept) return undefined;
      const spans = [...kept.spans.values()].sort((a, b) => a.startMs - b.startMs);
      return { traceId: traceId.toLowerCase(), spans, ...(kept.dropped > 0 ? { droppedSpans: kept.dropped } : {}) };
    },
    get size() {
      return traces.size;
    },
  };
}

export type TraceStore = ReturnType<typeof createTraceStore>;

function summaryOf(traceId: string, spans: readonly SpanView[]): TraceSummary {
  const earliest = spans.reduce((a, b) => (b.startMs < a.startMs ? b : a));
  const root = spans.find((s) => s.parentSpanId === null) ?? earliest;
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const startMs = earliest.startMs;
  return {
    traceId,
    name: root.name,
    system: root.system ?? spans.find((s) => s.system !== null)?.system ?? null,
    startMs,
    durationMs: round(end - startMs),
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.status === 'error').length,
    services: [...new Set(spans.map((s) => s.service))],
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
