// The fixed upstream of the gateway benchmark: one small JSON answer on every GET, in its own process. Node's
// bare HTTP server, not a framework: the upstream shares the machine with the proxy under test, so the less CPU
// it takes per request the more of the machine is left to measure the proxy (nginx and Mosaic alike).
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify({ hello: 'world', items: [1, 2, 3] }));
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length };
const server = createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
