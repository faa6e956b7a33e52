import fc from 'fast-check';
import { request } from 'undici';
import { catalogueRequests } from './catalogue.ts';
import { type Operation, operationsOf } from './operations.ts';
import { type HostileRequest, requestsFor } from './requests.ts';

export interface SweepOptions {
  gatewayUrl: string;
  /**
   * Who calls: a name → its `Authorization` value, or undefined for none. `anonymous` and `garbage-token` are
   * the sweep's own; any other name is a role (as in the gateway's `x-mosaic-roles`).
   */
  callers: Readonly<Record<string, string | undefined>>;
  /** Generated requests per operation and caller. */
  runs: number;
  /** Longer than this without a full answer counts as a hang. */
  timeoutMs: number;
  seed?: number;
  /**
   * Sweep each operation at its service's own port instead of the gateway (`service name → URL`), as an
   * attacker inside the network would; operations of services not listed are skipped.
   */
  services?: ReadonlyMap<string, string>;
  /** Sent with every request, e.g. made-up identity headers. */
  headers?: Readonly<Record<string, string>>;
}

export interface SweepFailure {
  caller: string;
  method: string;
  target: string;
  /** The status, or what went wrong instead of an answer. */
  outcome: number | string;
  /** The start of the answer's body. */
  excerpt: string;
}

export interface SweepReport {
  operations: number;
  requests: number;
  serverErrors: number;
  /** The smallest failing request fast-check found, per operation and caller. */
  failures: SweepFailure[];
}

/**
 * The hostile-input sweep (DESIGN §8): every operation of a gateway's `/openapi.json`, as every caller, with
 * requests fast-check builds from the operation's own parameters and schemas, made hostile. The property is
 * that nothing a client sends gets a 5xx or no answer at all.
 */
export async function sweepGateway(options: SweepOptions): Promise<SweepReport> {
  const document = await (await request(`${options.gatewayUrl}/openapi.json`)).body.json();
  const operations = operationsOf(document);
  const report: SweepReport = { operations: operations.length, requests: 0, serverErrors: 0, failures: [] };
  for (const operation of operations) {
    const base = options.services ? options.services.get(operation.service ?? '') : options.gatewayUrl;
    if (!base) continue;
    const target = { ...options, gatewayUrl: base };
    const allowed = allowedCaller(operation, options.callers);
    await sendCatalogue(operation, allowed, target, report);
    for (const [caller, authorization] of Object.entries(options.callers)) {
      // A public operation needs no tour of every role: anonymous and one caller with a token say it all.
      if (!operation.needsToken && caller !== 'anonymous' && caller !== firstWithToken(options.callers)) continue;
      // Callers the gateway turns away at authentication get fewer runs: little of their request is read.
      const runs = operation.needsToken && !isRole(caller) ? Math.ceil(options.runs / 3) : options.runs;
      await sweepOperation(operation, caller, authorization, { ...target, runs }, report);
    }
  }
  return report;
}

/** Sends the catalogue of known-bad values (catalogue.ts), as a caller the operation lets in. */
async function sendCatalogue(
  operation: Operation,
  caller: string,
  options: SweepOptions,
  report: SweepReport,
): Promise<void> {
  const failedSlots = new Set<string>();
  for (const hostile of catalogueRequests(operation, options.callers[caller])) {
    const outcome = await send(options.gatewayUrl, withHeaders(hostile, options.headers), options.timeoutMs);
    report.requests++;
    if (typeof outcome.status === 'number' && outcome.status < 500) continue;
    if (typeof outcome.status === 'number') report.serverErrors++;
    // One failure per operation and caller is enough to read; the count keeps the rest.
    const key = `${operation.method} ${operation.path}`;
    if (failedSlots.has(key)) continue;
    failedSlots.add(key);
    report.failures.push({
      caller,
      method: hostile.method,
      target: hostile.target.slice(0, 300),
      outcome: outcome.status,
      excerpt: outcome.excerpt,
    });
  }
}

/** Who should send an operation's catalogue: anonymous when it is public, else a role it admits. */
function allowedCaller(operation: Operation, callers: Readonly<Record<string, string | undefined>>): string {
  if (!operation.needsToken) return 'anonymous';
  const admitted = operation.roles.find((role) => callers[role] !== undefined);
  return admitted ?? Object.keys(callers).find(isRole) ?? 'anonymous';
}

/** The sweep's own callers without a usable token, as opposed to a role's. */
const NOT_ROLES = new Set(['anonymous', 'garbage-token']);

function isRole(caller: string): boolean {
  return !NOT_ROLES.has(caller);
}

async function sweepOperation(
  operation: Operation,
  caller: string,
  authorization: string | undefined,
  options: SweepOptions,
  report: SweepReport,
): Promise<void> {
  let last: SweepFailure | undefined;
  const property = fc.asyncProperty(requestsFor(operation, authorization), async (hostile) => {
    const outcome = await send(options.gatewayUrl, withHeaders(hostile, options.headers), options.timeoutMs);
    report.requests++;
    const failed = typeof outcome.status !== 'number' || outcome.status >= 500;
    if (!failed) return true;
    if (typeof outcome.status === 'number') report.serverErrors++;
    last = {
      caller,
      method: hostile.method,
      target: hostile.target.slice(0, 300),
      outcome: outcome.status,
      excerpt: outcome.excerpt,
    };
    return false;
  });
  const result = await fc.check(property, {
    numRuns: options.runs,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  // After shrinking, `last` is the smallest request that still failed.
  if (result.failed && last) report.failures.push(last);
}

async function send(
  base: string,
  hostile: HostileRequest,
  timeoutMs: number,
): Promise<{ status: number | string; excerpt: string }> {
  try {
    const answer = await request(base + hostile.target, {
      method: hostile.method as 'GET',
      headers: hostile.headers,
      ...(hostile.body === undefined ? {} : { body: hostile.body }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    // An event stream that opened has answered: its head is the answer, and it would never end by itself.
    if (answer.statusCode === 200 && isEventStream(answer.headers['content-type'])) {
      answer.body.destroy();
      return { status: answer.statusCode, excerpt: '(event stream)' };
    }
    const text = await answer.body.text();
    return { status: answer.statusCode, excerpt: text.slice(0, 300) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { status: typeof code === 'string' ? code : String(error), excerpt: '' };
  }
}

export function isEventStream(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && contentType.startsWith('text/event-stream');
}

function firstWithToken(callers: Readonly<Record<string, string | undefined>>): string | undefined {
  return Object.keys(callers).find((name) => callers[name] !== undefined);
}

function withHeaders(hostile: HostileRequest, headers: Readonly<Record<string, string>> | undefined): HostileRequest {
  return headers ? { ...hostile, headers: { ...headers, ...hostile.headers } } : hostile;
}
