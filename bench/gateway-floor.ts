// The floor for any Node gateway on this machine: Node's own HTTP server in, undici's dispatch out (keep-alive),
// no pipeline at all: what the Mosaic gateway is built on. Benchmarked next to it so "Node's cost" and "the
// pipeline's cost" can be told apart.
import { createServer } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

const upstream = process.env.BENCH_UPSTREAM;
if (!upstream) throw new Error('set BENCH_UPSTREAM (URL)');
const agent = new Agent({ keepAliveTimeout: 10_000 });
const server = createServer({ keepAliveTimeout: 72_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  let status = 502;
  let type = 'application/octet-stream';
  const handler: Dispatcher.DispatchHandler = {
    // undici tells the handler styles apart by this method; without it the handler counts as the legacy kind.
    onRequestStart() {},
    onResponseStart(_controller, statusCode, headers) {
      status = statusCode;
      type = String(headers['content-type'] ?? type);
    },
    onResponseData(_controller, chunk) {
      chunks.push(chunk);
    },
    onResponseEnd() {
      const body = Buffer.concat(chunks);
      res.writeHead(status, { 'content-type': type, 'content-length': body.length });
      res.end(body);
    },
    onResponseError() {
      res.writeHead(502).end();
    },
  };
  agent.dispatch({ origin: upstream, path: req.url ?? '/', method: 'GET', headers: {} }, handler);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
