import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Where Vite writes the built page (`packages/console/dist`). */
export const DEFAULT_PAGE_DIR = resolve(import.meta.dirname, '..', 'dist');

/**
 * The page at `/`, from the built files. Not built (a fresh checkout that never ran the console's build): `/`
 * says so and how to build it, and the API works all the same.
 */
export async function servePage(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          `The console's page is not built (no ${join(dir, 'index.html')}): run \`npm run build -w @mosaic/console\`.\n` +
            'The API answers meanwhile: /api/topology, /api/live, /api/breakers, /api/messaging, /api/sagas, /api/traces, /api/outboxes.\n',
        ),
    );
    return;
  }
  // Loaded only when there is a page to serve: `mosaic up` pays for what it uses.
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, { root: dir, index: ['index.html'], logLevel: 'warn' });
}
