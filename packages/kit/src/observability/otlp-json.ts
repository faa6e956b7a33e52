/** Per span: more attributes than this are dropped (the first ones kept). */
const MAX_ATTRIBUTES = 64;
const MAX_KEY_LENGTH = 128;
const MAX_TEXT_LENGTH = 1_000;
const MAX_NAME_LENGTH = 300;

/** One span as read from OTLP: ids in lower-case hex, times in epoch ms (fractional), attributes flattened. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** The resource's `service.namespace` (a Mosaic system) and `service.name`. */
  system: string | null;
  service: string;
  startMs: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  attributes: Record<string, string | number | boolean>;
}

const KINDS: Record<number, ReceivedSpan['kind']> = {
  1: 'internal',
  2: 'server',
  3: 'client',
  4: 'producer',
  5: 'consumer',
};
const STATUSES: Record<number, ReceivedSpan['status']> = { 0: 'unset', 1: 'ok', 2: 'error' };

export interface Received {
  spans: ReceivedSpan[];
  /** Spans that were malformed (ids, times) and were not kept. */
  rejected: number;
}

/**
 * Reads an OTLP/HTTP JSON export request (resourceSpans → scopeSpans → spans), as the OpenTelemetry JS exporter
 * sends it: ids in hex, times as strings of nanoseconds, kind and status code as numbers. Returns undefined when
 * the body is not an export request at all; a malformed span is counted and skipped, as OTLP's partial success
 * allows. Every string is cut to a bound: a client's input decides how many spans, never how big one is.
 */
export function readOtlpTraces(body: unknown): Received | undefined {
  if (!isObject(body) || !Array.isArray(body.resourceSpans)) return undefined;
  const received: Received = { spans: [], rejected: 0 };
  for (const resourceSpans of body.resourceSpans) {
    if (!isObject(resourceSpans)) continue;
    const resource = attributesOf(isObject(resourceSpans.resource) ? resourceSpans.resource.attributes : undefined);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
    const namespace = resource['service.namespace'];
    const system = typeof namespace === 'string' ? namespace : null;
    const scopes = Array.isArray(resourceSpans.scopeSpans) ? resourceSpans.scopeSpans : [];
    for (const scope of scopes) {
      if (!isObject(scope) || !Array.isArray(scope.spans)) continue;
      for (const span of scope.spans) {
        const read = spanOf(span, system, service);
        if (read) received.spans.push(read);
        else received.rejected++;
      }
    }
  }
  return received;
}

function spanOf(span: unknown, system: string | null, service: string): ReceivedSpan | undefined {
  if (!isObject(span)) return undefined;
  const traceId = hexId(span.traceId, 32);
  const spanId = hexId(span.spanId, 16);
  const start = nanos(span.startTimeUnixNano);
  const end = nanos(span.endTimeUnixNano);
  if (!traceId || !spanId || start === undefined || end === undefined) return undefined;
  const parent = span.parentSpanId === undefined || span.parentSpanId === '' ? null : hexId(span.parentSpanId, 16);
  if (parent === undefined) return undefined;
  const status = isObject(span.status) ? STATUSES[Number(span.status.code ?? 0)] : 'unset';
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    name: typeof span.name === 'string' ? span.name.slice(0, MAX_NAME_LENGTH) : '(unnamed)',
    kind: KINDS[Number(span.kind)] ?? 'internal',
    system,
    service,
    startMs: start,
    durationMs: Math.max(0, end - start),
    status: status ?? 'unset',
    attributes: attributesOf(span.attributes),
  };
}

/** `[{ key, value: { stringValue | intValue | boolValue | doubleValue | … } }]` → a plain record, bounded. */
function attributesOf(list: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = Object.create(null);
  if (!Array.isArray(list)) return out;
  let count = 0;
  for (const entry of list) {
    if (count >= MAX_ATTRIBUTES) break;
    if (!isObject(entry) || typeof entry.key !== 'string' || !isObject(entry.value)) continue;
    const value = attributeValue(entry.value);
    if (value === undefined) continue;
    out[entry.key.slice(0, MAX_KEY_LENGTH)] = value;
    count++;
  }
  return out;
}

function attributeValue(value: Record<string, unknown>): string | number | boolean | undefined {
  if (typeof value.stringValue === 'string') return value.stringValue.slice(0, MAX_TEXT_LENGTH);
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.doubleValue === 'number') return value.doubleValue;
  // int64 travels as a string in OTLP JSON; one beyond 2^53 is kept as its text.
  if (typeof value.intValue === 'number') return value.intValue;
  if (typeof value.intValue === 'string' && /^-?\d{1,20}$/.test(value.intValue)) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : value.intValue;
  }
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) {
    return JSON.stringify(value.arrayValue ?? value.kvlistValue).slice(0, MAX_TEXT_LENGTH);
  }
  return undefined;
}

function hexId(value: unknown, length: number): string | undefined {
  if (typeof value !== 'string' || value.length !== length || !/^[0-9a-fA-F]+$/.test(value)) return undefined;
  const id = value.toLowerCase();
  // All zeros is OTLP's "invalid id".
  return /^0+$/.test(id) ? undefined : id;
}

/** Nanoseconds since the epoch (a string of digits, or a number) → epoch ms, fractional. */
function nanos(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value / 1e6;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) return undefined;
  // Split so the milliseconds keep their microseconds: 19 digits do not fit a double exactly.
  const ms = value.length > 6 ? Number(value.slice(0, -6)) : 0;
  const rest = Number(value.slice(-6)) / 1e6;
  return ms + rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
