// The fixed upstream of the gateway benchmark: one small JSON answer on every GET, in its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
const body = JSON.stringify({ hello: 'world', items: [1, 2, 3] });
app.get('/*', async (_request, reply) => reply.type('application/json').send(body));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
