import type { FastifyInstance } from 'fastify';
import { createGateway } from '../gateway/index.ts';
import type { Runtime } from './runtime.ts';
import type { SystemDefinition } from './system.ts';

/**
 * A system's gateway on a runtime's adapters, not yet listening. One place for both callers: the
 * embedded launch (every gateway in one process) and `mosaic gateway` (one process per gateway replica).
 */
export async function createSystemGateway(definition: SystemDefinition, runtime: Runtime): Promise<FastifyInstance> {
  const { port: _port, ...gatewayConfig } = definition.gateway;
  const { vouches, operators } = await runtime.systemKeys(definition.name);
  return createGateway({
    ...gatewayConfig,
    system: definition.name,
    registry: runtime.registry,
    // Shared with every other gateway replica in a distributed runtime (Redis); embedded, cache and limits are
    // in memory and revocations in the system's PGlite.
    cache: runtime.cache,
    limiter: runtime.limiter,
    revocations: runtime.revocations(definition.name),
    vouches,
    operators,
    logger: runtime.logger.child({ system: definition.name, service: 'gateway' }),
  });
}

/** Starts listening and says where: `port` 0 picks a free one. */
export async function listenGateway(
  gateway: FastifyInstance,
  runtime: Runtime,
  port: number,
): Promise<{ url: string; port: number }> {
  await gateway.listen({ port, host: runtime.host });
  const address = gateway.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${runtime.host}:${bound}`, port: bound };
}
