import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ReceivedSpan, readOtlpTraces } from '../observability/otlp-json.ts';

export type { ReceivedSpan };

/** A collector of our own for tests: what the processes exported over OTLP/HTTP (JSON), span by span. */
export interface OtlpReceiver {
  /** Set `OTEL_EXPORTER_OTLP_ENDPOINT` to this: the exporters post to `<url>/v1/traces`. */
  readonly url: string;
  readonly spans: readonly ReceivedSpan[];
  /** Exports that were not OTLP JSON trace requests: a test expects none. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let refused = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let received: ReturnType<typeof readOtlpTraces>;
      try {
        received =
          request.method === 'POST' && request.url === '/v1/traces'
            ? readOtlpTraces(JSON.parse(Buffer.concat(chunks).toString('utf8')))
            : undefined;
      } catch {
        received = undefined;
      }
      if (!received) {
        refused++;
        response.writeHead(400).end();
        return;
      }
      spans.push(...received.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
