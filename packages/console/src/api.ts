import type { ReceivedSpan } from '@mosaic/kit/observability';

/**
 * The console's JSON API: what the page (web/) reads from the console server (src/). Every route is under
 * `/api`; the page is served at `/`. Times are ISO strings unless the field says epoch ms.
 */

/** GET /api/topology */
export interface Topology {
  runtime: 'embedded' | 'distributed';
  generatedAt: string;
  systems: SystemTopology[];
}

export interface SystemTopology {
  name: string;
  gateway: GatewayInfo | null;
  services: ServiceTopology[];
}

export interface GatewayInfo {
  url: string;
  ready: boolean;
  routes: GatewayRoute[];
}

export interface GatewayRoute {
  method: string;
  path: string;
  service: string;
  /** Who may call it, as the route table says (e.g. `public`, `user`, `role:admin`). */
  access: string;
}

export interface ServiceTopology {
  name: string;
  instances: InstanceInfo[];
}

export interface InstanceInfo {
  id: string;
  url: string;
  ready: boolean;
  version: string;
  startedAt: string | null;
  uptimeSec: number | null;
}

/** GET /api/live?since=<epoch ms>: the points recorded after `since` (all kept, 5 min at 2 s, when absent). */
export interface LiveSeries {
  points: LivePoint[];
}

export interface LivePoint {
  /** Epoch ms of the scrape this point was computed from. */
  at: number;
  routes: RouteFigures[];
  services: ServiceFigures[];
}

interface Figures {
  /** Requests per second over the last interval. */
  rate: number;
  /** Answers with status ≥ 500 per second (≥ 400 counted apart in `clientErrorRate`). */
  errorRate: number;
  clientErrorRate: number;
  /** From the duration histogram's buckets over the last interval; null when there was no request. */
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface RouteFigures extends Figures {
  system: string;
  /** `gateway` for the gateway's routes, otherwise the service that answered. */
  at: string;
  method: string;
  route: string;
}

export interface ServiceFigures extends Figures {
  system: string;
  service: string;
}

/** GET /api/breakers */
export interface Breakers {
  breakers: BreakerInfo[];
  /** Processes that did not answer for this view (`system/service`, `system/gateway`): what it may be missing. */
  unreachable?: string[];
}

export interface BreakerInfo {
  system: string;
  /** Who holds the breaker: `gateway` or the calling service's name. */
  holder: string;
  holderInstance: string;
  /** The service called and the instance the breaker guards. */
  target: string;
  targetInstance: string;
  state: 'closed' | 'half-open' | 'open';
  /** When it last changed state; null when it never has. */
  since: string | null;
  /** Why it last opened (the failure that tripped it); null when it never opened. */
  reason: string | null;
}

/** GET /api/messaging */
export interface Messaging {
  groups: ConsumerGroupInfo[];
  queues: QueueInfo[];
  deadLetters: DeadLetterInfo[];
  /** Processes that did not answer for this view (`system/service`, `system/gateway`): what it may be missing. */
  unreachable?: string[];
}

export interface ConsumerGroupInfo {
  system: string;
  service: string;
  group: string;
  /** Events waiting for the group. */
  lag: number;
  /** Events handled per second over the last interval. */
  throughput: number;
}

export interface QueueInfo {
  system: string;
  service: string;
  queue: string;
  depth: number;
  inFlight: number;
  oldestAgeSec: number;
  deadLetters: number;
}

export interface DeadLetterInfo {
  system: string;
  service: string;
  /** `event`: a consumer group's dead letter (replayable); `queue`: a work queue's (redrivable). */
  kind: 'event' | 'queue';
  id: string;
  /** The consumer group or the queue. */
  from: string;
  /** The event's type, or the queue message's type/name when it has one. */
  type: string;
  error: string;
  attempts: number;
  payload: unknown;
  failedAt: string;
  replayedAt: string | null;
}

/**
 * POST /api/dead-letters/replay   body { system, service, id }          → 202 { replayed: boolean }
 * POST /api/queues/redrive        body { system, service, queue, ids? } → 202 { redriven: number }
 */
export interface ReplayRequest {
  system: string;
  service: string;
  id: string;
}

export interface RedriveRequest {
  system: string;
  service: string;
  queue: string;
  ids?: string[];
}

/** GET /api/sagas?subject=<s>&page=&size=: instances of every saga, newest first; by subject when given. */
export interface Sagas {
  instances: SagaView[];
  page: number;
  size: number;
  /** Processes that did not answer for this view (`system/service`, `system/gateway`): what it may be missing. */
  unreachable?: string[];
}

export interface SagaView {
  system: string;
  /** The service that owns (keeps) the saga. */
  service: string;
  saga: string;
  subject: string;
  /** As the kit records it: `running`, `completed`, `compensating` (undos still awaited) or `compensated`. */
  status: string;
  /** The step it waits on, when running. */
  step: string | null;
  /** Why it stopped (the failure or deadline), when it did not complete. */
  reason: string | null;
  startedAt: string;
  updatedAt: string;
  events: SagaEventView[];
}

export interface SagaEventView {
  type: string;
  at: string;
  /** The saga step the event belongs to, when known. */
  step: string | null;
  /** True for an event that undoes an earlier step. */
  compensation: boolean;
}

/** GET /api/traces?limit=: the most recent traces, newest first. */
export interface Traces {
  traces: TraceSummary[];
}

export interface TraceSummary {
  traceId: string;
  /** The root span's name (e.g. `POST /orders`), or the earliest span's when the root was not seen. */
  name: string;
  system: string | null;
  /** Epoch ms. */
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

/** GET /api/traces/:traceId */
export interface Trace {
  traceId: string;
  spans: SpanView[];
  /** Spans received beyond what the console keeps per trace (500), when any were. */
  droppedSpans?: number;
}

/**
 * One span as the page shows it: the kit's reading of an OTLP span (ids in hex, times in epoch ms, the resource's
 * `service.namespace` as `system` and `service.name` as `service`), without its trace id (the trace has it).
 */
export type SpanView = Omit<ReceivedSpan, 'traceId'>;

/** GET /api/outboxes: each service's outbox (events waiting for the relay, and the latest published). */
export interface Outboxes {
  outboxes: OutboxInfo[];
  /** Processes that did not answer for this view (`system/service`, `system/gateway`): what it may be missing. */
  unreachable?: string[];
}

export interface OutboxInfo {
  system: string;
  service: string;
  /** Set for an outbox of the service's own (e.g. the school's texts), absent for its event outbox. */
  name?: string;
  /** What an outbox of the service's own holds, in a line. */
  description?: string;
  /** Rows not yet published. */
  pending: number;
  recent: OutboxRow[];
  /**
   * False: the relay deletes a row once the bus has it, so `recent` holds only rows still waiting (oldest
   * first) and `publishedAt` is always null.
   */
  keepsPublished?: boolean;
}

export interface OutboxRow {
  id: string;
  type: string;
  subject: string | null;
  createdAt: string;
  publishedAt: string | null;
  payload: unknown;
}
