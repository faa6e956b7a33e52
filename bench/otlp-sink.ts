// The collector of the gateway benchmark's traced row: takes OTLP/HTTP JSON exports, counts their spans and
// answers at once, in its own process beside the upstream, so what tracing costs the gateway is measured in the
// gateway's own CPU (serialising and sending its spans), not in a collector's. GET /count says how many arrived.
import { createServer } from 'node:http';
import { readOtlpTraces } from '@mosaic/kit/observability';

let spans = 0;
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ spans }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    spans += readOtlpTraces(JSON.parse(Buffer.concat(chunks).toString('utf8')))?.spans.length ?? 0;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
