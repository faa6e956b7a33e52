import { Type } from '@mosaic/kit/http';
import { type Logger, readOtlpTraces, silentLogger } from '@mosaic/kit/observability';
import { createHttpApp, HttpError } from '@mosaic/kit/service';
import { ProxyTracerProvider } from '@opentelemetry/api';
import { consoleAccess } from './access.ts';
import { apiRoutes } from './api-routes.ts';
import { startScraper } from './live/scraper.ts';
import { DEFAULT_PAGE_DIR, servePage } from './page.ts';
import { operatorHttp } from './sources/operator-http.ts';
import type { ConsoleSource } from './sources/source.ts';
import { isHousekeeping } from './traces/housekeeping.ts';
import { createTraceStore, type TraceStoreOptions } from './traces/store.ts';

export type { ConsoleSource } from './sources/source.ts';

export const DEFAULT_CONSOLE_PORT = 8000;
export const DEFAULT_CONSOLE_HOST = '127.0.0.1';
/** An export bigger than this is refused (413): the exporters send a few hundred spans at a time. */
const MAX_EXPORT_BYTES = 4 * 1024 * 1024;
/** A provider never given a delegate: its tracers record nothing. */
const SILENT_TRACER = new ProxyTracerProvider().getTracer('@mosaic/console');

export interface ConsoleOptions {
  source: ConsoleSource;
  /** Default 127.0.0.1. Any other address puts the API behind operator tokens (access.ts). */
  host?: string;
  /** Default 8000; 0 picks a free one. */
  port?: number;
  logger?: Logger;
  /** How often every process's /metrics is read. Default 2000 ms. */
  scrapeIntervalMs?: number;
  traces?: TraceStoreOptions;
  /** Where the built page is. Default packages/console/dist. */
  pageDir?: string;
}

export interface RunningConsole {
  /** Where a person opens it, e.g. http://127.0.0.1:8000 */
  url: string;
  /** What the processes export their spans to (MOSAIC_CONSOLE_TRACES_URL), with the ingest token when one is asked. */
  tracesUrl: string;
  /** Reads every process's /metrics now, as the 2 s loop does (tests: a point when they need one). */
  scrapeNow(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The ops console's server: the page at `/`, its API under `/api` (api.ts), and an OTLP/HTTP JSON trace
 * receiver at `POST /v1/traces`. What it shows it reads from the systems' own processes (`/metrics`, the
 * operator routes `/admin/*`), found through `source`; the traces are the only thing it keeps, in memory.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { source } = options;
  const host = options.host ?? DEFAULT_CONSOLE_HOST;
  const port = options.port ?? DEFAULT_CONSOLE_PORT;
  const logger = options.logger ?? silentLogger();
  const access = consoleAccess(source, host);
  const http = operatorHttp(source);
  const traces = createTraceStore(options.traces);
  // No spans of its own: the console's requests are an operator's reads, and each trace export it took would be
  // one more span to export to itself.
  const app = createHttpApp({ logger, tracer: SILENT_TRACER });
  const scraper = startScraper(source, options.scrapeIntervalMs ? { intervalMs: options.scrapeIntervalMs } : {});
  try {
    await routes();
    await app.listen({ host, port });
  } catch (error) {
    // Nothing of a failed start keeps running: the caller reports it and exits, or tries another port.
    await scraper.stop();
    await app.close().catch(() => undefined);
    throw portTakenOr(error, host, port);
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const url = `http://${urlHost(host)}:${bound}`;
  // A wildcard address is not one to send to; the processes run on this machine.
  const sendTo = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : urlHost(host);
  const tracesUrl = `http://${sendTo}:${bound}/v1/traces${access.open ? '' : `?token=${access.ingestToken}`}`;
  return {
    url,
    tracesUrl,
    scrapeNow: () => scraper.scrapeNow(),
    async close() {
      await scraper.stop();
      await app.close();
    },
  };

  async function routes() {
    await servePage(app, options.pageDir ?? DEFAULT_PAGE_DIR);
    await app.register(async (api) => {
      api.addHook('onRequest', access.operatorsOnly);
      apiRoutes(api, { source, http, scraper, traces });
    });
    await app.register(async (receiver) => {
      receiver.addHook('onRequest', access.ingestOnly);
      receiver.post(
        '/v1/traces',
        {
          bodyLimit: MAX_EXPORT_BYTES,
          logLevel: 'warn',
          schema: { querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })) }) },
        },
        async (request) => {
          const received = readOtlpTraces(request.body);
          if (!received) {
            throw new HttpError('bad-request', 'not an OTLP export request: the body needs a resourceSpans array');
          }
          traces.add(received.spans.filter((span) => !isHousekeeping(span)));
          // OTLP/HTTP's answer: empty on success, partial success naming what was dropped.
          if (received.rejected === 0) return {};
          return {
            partialSuccess: {
              rejectedSpans: received.rejected,
              errorMessage: 'spans without valid traceId/spanId (hex) or start/end times (nanoseconds) were dropped',
            },
          };
        },
      );
    });
  }
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function portTakenOr(error: unknown, host: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return error;
  return new Error(
    `port ${port} on ${host}, where the ops console listens, is taken (by another Mosaic, or another program): ` +
      'stop that, or start with --console-port <port> (0: any free port) or --no-console',
    { cause: error },
  );
}
