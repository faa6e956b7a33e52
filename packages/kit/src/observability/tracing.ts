import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  type Sampler,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { lazyOtlpExporter } from './otlp-exporter.ts';
import { samplerFromEnv } from './sampler.ts';

/** Who makes the spans: OTel's resource for every span a service (or a gateway) records. */
export interface TraceIdentity {
  system: string;
  /** The service's name, or `gateway`. */
  service: string;
  instance?: string;
}

/**
 * Where spans go. From the environment, read at the first tracer:
 * - the standard `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (and `_HEADERS`): OTLP/HTTP
 *   to a collector (Jaeger, Tempo, Grafana Cloud…);
 * - `MOSAIC_CONSOLE_TRACES_URL`: the ops console's own OTLP receiver, which `mosaic up --distributed` gives the
 *   processes it starts.
 * And from `exportSpansTo`, at any time: the embedded `mosaic up` adds its console once it listens.
 * With none (or `OTEL_SDK_DISABLED=true`), nothing is recorded: spans are still made, with fresh ids, so
 * `traceparent` still travels and logs still carry the trace, but none is kept or sent.
 */
const destinations: SpanProcessor[] = [];
const urls = new Map<string, SpanProcessor>();
let fromEnv = false;
let disabled = false;
/** The sampler `OTEL_TRACES_SAMPLER` names, made with the rest of the environment so a bad one stops start-up. */
let standardSampler: Sampler | undefined;

function readEnv(): void {
  if (fromEnv) return;
  const env = process.env;
  disabled = env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none';
  // Before anything is recorded: a sampler the environment names wrongly stops the start, every time.
  if (!disabled) standardSampler = samplerFromEnv(env);
  fromEnv = true;
  if (disabled) return;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    destinations.push(new BatchSpanProcessor({ exporter: lazyOtlpExporter(), scheduledDelayMillis: delayMs(5000) }));
  }
  if (env.MOSAIC_CONSOLE_TRACES_URL) exportSpansTo(env.MOSAIC_CONSOLE_TRACES_URL);
}

/** OTel's `OTEL_BSP_SCHEDULE_DELAY` when set, else `fallback`. */
function delayMs(fallback: number): number {
  const delay = Number(process.env.OTEL_BSP_SCHEDULE_DELAY);
  return delay > 0 ? delay : fallback;
}

/**
 * Sends every span recorded from now on (by tracers made before or after) to an OTLP/HTTP JSON receiver too; a
 * URL already sent to is not added twice. A person is watching the console, so a trace should show up within
 * a second of its request: spans leave every 500 ms unless `OTEL_BSP_SCHEDULE_DELAY` says otherwise. The
 * function it returns stops sending there, after sending what is pending (a test's console that closes, so later
 * tests of the process record nothing for it); for a URL already sent to, it does nothing.
 */
export function exportSpansTo(url: string): () => Promise<void> {
  readEnv();
  if (disabled || urls.has(url)) return async () => {};
  const destination = new BatchSpanProcessor({
    exporter: lazyOtlpExporter({ url }),
    scheduledDelayMillis: delayMs(500),
  });
  urls.set(url, destination);
  destinations.push(destination);
  return async () => {
    const at = destinations.indexOf(destination);
    if (at === -1) return;
    destinations.splice(at, 1);
    urls.delete(url);
    await destination.shutdown().catch(() => undefined);
  };
}

/** What every provider is given: the destinations as they are when a span starts or ends, however many. */
const toDestinations: SpanProcessor = {
  onStart(span, parent) {
    for (const d of destinations) d.onStart(span, parent);
  },
  onEnd(span) {
    for (const d of destinations) d.onEnd(span);
  },
  async forceFlush() {
    await Promise.all(destinations.map((d) => d.forceFlush().catch(() => undefined)));
  },
  // Providers come and go with service instances; the destinations outlive them all.
  async shutdown() {},
};

/** Records (with the standard sampler) only while spans have somewhere to go; otherwise decides "not sampled". */
function destinationAware(): Sampler {
  const off = new AlwaysOffSampler();
  return {
    shouldSample(...args: Parameters<Sampler['shouldSample']>) {
      if (destinations.length === 0 || !standardSampler) return off.shouldSample();
      return standardSampler.shouldSample(...args);
    },
    toString: () => 'MosaicDestinationAwareSampler',
  };
}

// Services run each request and event inside a context (AsyncLocalStorage), so a span's children find it.
// Registering costs nothing until a context is entered; a second copy of the kit in the process keeps the first.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const w3c = new W3CTraceContextPropagator();
const providers = new Map<string, TracerProvider>();

/**
 * The tracer of one service or gateway. Each has a provider of its own, so its spans carry its own resource
 * (`service.name`, `service.namespace` = the system): in the embedded runtime every service of every system
 * shares one process, and a collector should still show them apart. The processors (and their exporters)
 * are shared by all of them.
 */
export function tracerFor(identity: TraceIdentity): Tracer {
  const key = `${identity.system}/${identity.service}/${identity.instance ?? ''}`;
  let provider = providers.get(key);
  if (!provider) {
    readEnv();
    provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': identity.service,
        'service.namespace': identity.system,
        ...(identity.instance ? { 'service.instance.id': identity.instance } : {}),
      }),
      sampler: destinationAware(),
      spanProcessors: [toDestinations],
    });
    providers.set(key, provider);
  }
  return provider.getTracer('@mosaic/kit');
}

/** Forgets a stopped instance's tracer (its spans already ended went to the shared processors). */
export function releaseTracer(identity: TraceIdentity): void {
  providers.delete(`${identity.system}/${identity.service}/${identity.instance ?? ''}`);
}

/** Sends what the processors hold now: on a graceful stop, so the last requests' spans are not lost. */
export async function flushSpans(): Promise<void> {
  await toDestinations.forceFlush();
}

/** The W3C `traceparent` of `span` (or of the context's span), e.g. for an event's envelope or a reply header. */
export function traceparentOf(of: Span | Context): string | undefined {
  const spanContext = 'spanContext' in of ? of.spanContext() : trace.getSpanContext(of);
  return spanContext && trace.isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}

function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 1) === 1 ? '01' : '00';
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** The context a `traceparent` (a header, an envelope's field) continues; the root context when absent or malformed. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  return traceparent ? w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter) : ROOT_CONTEXT;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id a well-formed `traceparent` names. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}

/** Writes `traceparent` for the context's span into outgoing headers. */
export function injectTraceparent(into: Record<string, string>, from: Context): void {
  w3c.inject(from, into, defaultTextMapSetter);
}

/** The trace and span ids of the work in progress, for log lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && trace.isSpanContextValid(spanContext)
    ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
    : undefined;
}
