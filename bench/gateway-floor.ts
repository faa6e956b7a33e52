// The floor for any Node gateway on this machine: Fastify in, undici out (keep-alive), no pipeline at all.
// Benchmarked next to the Mosaic gateway so "Node's cost" and "the pipeline's cost" can be told apart.
import Fastify from 'fastify';
import { Agent } from 'undici';

const upstream = process.env.BENCH_UPSTREAM;
if (!upstream) throw new Error('set BENCH_UPSTREAM (URL)');
const agent = new Agent({ keepAliveTimeout: 10_000 });
const app = Fastify({ logger: false });
app.get('/*', async (request, reply) => {
  const response = await agent.request({ origin: upstream, path: request.url, method: 'GET' });
  const body = Buffer.from(await response.body.arrayBuffer());
  return reply.code(response.statusCode).header('content-type', String(response.headers['content-type'])).send(body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
