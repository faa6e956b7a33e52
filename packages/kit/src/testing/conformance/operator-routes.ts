// Test support (not exported): the operator routes' behaviour, run on each runtime (operator-routes.test.ts:
// embedded; operator-routes.distributed.test.ts: the real engines).
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorTokens } from '../../auth/operator-token.ts';
import type { DeadLetter } from '../../messaging/bus.ts';
import { wrap } from '../../messaging/envelope.ts';
import { defineEvents, on } from '../../messaging/events.ts';
import { defineSystem, type SystemDefinition } from '../../runtime/system.ts';
import { defineService } from '../../service/define.ts';
import type { Problem } from '../../service/problem.ts';
import type { Tx } from '../../store/store.ts';
import type { TestSystem } from '../system.ts';
import { waitFor } from '../wait.ts';

interface LedgerTables {
  tallies: { entry: string };
}

const ledgerEvents = defineEvents(
  { EntryMade: Type.Object({ entry: Type.String() }) },
  { subject: (_type, data) => data.entry },
);

/**
 * A one-service system with what every operator route acts on: a read model (`tallies`, rebuilt from
 * `EntryMade`) and a handler that dead-letters the entry `poison` at once until `fixed` is set.
 */
function ledgerSystem(cure: { fixed: boolean }): SystemDefinition {
  const books = defineService<LedgerTables>({
    name: 'books',
    system: 'ledger',
    migrations: {
      '001_tallies': {
        async up(db) {
          await db.schema
            .createTable('tallies')
            .addColumn('entry', 'varchar(50)', (c) => c.primaryKey())
            .execute();
        },
      },
    },
    endpoints: [],
    policies: {
      tally: on(
        ledgerEvents,
        {
          EntryMade: async (event, tx: Tx<LedgerTables>) => {
            if (event.subject === 'poison' && !cure.fixed) throw new Error('poison: cannot tally this entry');
            await tx.db.insertInto('tallies').values({ entry: event.subject }).execute();
          },
        },
        { maxAttempts: 1 },
      ),
    },
    views: {
      tallies: {
        group: 'books.tally',
        async clear(tx) {
          await tx.db.deleteFrom('tallies').execute();
        },
      },
    },
  });
  return defineSystem({
    name: 'ledger',
    title: 'a ledger',
    gateway: { port: 0 },
    services: [{ definition: books, port: 0 }],
  });
}

export function operatorRoutesSuite(start: (system: SystemDefinition) => Promise<TestSystem>) {
  const cure = { fixed: false };
  let system: TestSystem;
  let letter: DeadLetter;
  const tallies = async () => {
    const { db } = await system.runtime.database('ledger', 'books');
    const rows = await (db as Kysely<LedgerTables>).selectFrom('tallies').select('entry').orderBy('entry').execute();
    return rows.map((row) => row.entry);
  };

  beforeAll(async () => {
    system = await start(ledgerSystem(cure));
    const bus = await system.runtime.bus('ledger');
    await bus.publish(
      ['good', 'poison'].map((subject) =>
        wrap('ledger/test', { type: 'EntryMade', subject, data: { entry: subject } }),
      ),
    );
    letter = await waitFor(async () => (await bus.deadLetters.list()).find((e) => e.event.subject === 'poison'), {
      what: 'the poison entry in the dead letters',
    });
    await waitFor(async () => (await tallies()).includes('good'), { what: 'the good entry to be tallied' });
  });
  afterAll(() => system?.close());

  const routes = () =>
    [
      ['GET', '/admin/dlq'],
      ['POST', `/admin/dlq/${letter.id}/replay`],
      ['POST', '/admin/views/tallies/rebuild'],
      // Refused before the view is looked up: without a token, not even which views exist is told.
      ['POST', '/admin/views/unknown/rebuild'],
    ] as const;
  const tokens = {
    'no Authorization header': async () => undefined,
    'another scheme': async () => 'Basic b3BlcmF0b3I6b3BlcmF0b3I=',
    'a bearer token signed with another key': async () =>
      `Bearer ${await createOperatorTokens('ledger', randomBytes(32)).issue()}`,
    'an expired operator token': async () =>
      `Bearer ${await (await system.runtime.systemKeys('ledger')).operators.issue(-60)}`,
    "another system's operator token": async () =>
      `Bearer ${await (await system.runtime.systemKeys('elsewhere')).operators.issue()}`,
    'a token that is not a JWT': async () => 'Bearer not-a-token',
  } as const;

  describe('operator routes', () => {
    it.each(Object.keys(tokens) as (keyof typeof tokens)[])(
      'refuses every operator route with %s: 401',
      async (what) => {
        const authorization = await tokens[what]();
        const stray = 'stray';
        const { db } = await system.runtime.database('ledger', 'books');
        await (db as Kysely<LedgerTables>).insertInto('tallies').values({ entry: stray }).execute();
        for (const [method, path] of routes()) {
          const client = system.direct('books');
          const headers: Record<string, string> = authorization ? { authorization } : {};
          const answer = await client.call<Problem>(method, path, method === 'POST' ? {} : undefined, headers);
          expect(answer.status, `${method} ${path}`).toBe(401);
          expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          const sentCredentials = what !== 'no Authorization header' && what !== 'another scheme';
          expect(answer.body.type).toBe(
            `urn:mosaic:problem:${sentCredentials ? 'operator-token-invalid' : 'operator-token-required'}`,
          );
          expect(answer.body.detail).toContain('npm run mosaic -- operator-token ledger');
          expect(answer.headers.get('www-authenticate')).toBe(
            `Bearer realm="ledger operator"${sentCredentials ? ', error="invalid_token"' : ''}`,
          );
        }
        // Nothing was done: the letter waits, and the view was not cleared.
        const [waiting] = (await (await system.runtime.bus('ledger')).deadLetters.list()).filter(
          (e) => e.id === letter.id,
        );
        expect(waiting?.replayedAt).toBeNull();
        expect(await tallies()).toContain(stray);
        await (db as Kysely<LedgerTables>).deleteFrom('tallies').where('entry', '=', stray).execute();
      },
    );

    it('lists the dead letters for an operator', async () => {
      const listed = await system.operator('books').get<DeadLetter[]>('/admin/dlq');
      expect(listed.status).toBe(200);
      expect(listed.body.map((e) => e.id)).toEqual([letter.id]);
    });

    it('replays a dead letter for an operator', async () => {
      cure.fixed = true;
      const replay = await system.operator('books').post(`/admin/dlq/${letter.id}/replay`);
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: letter.id, replayed: true, group: 'books.tally' });
      await waitFor(async () => (await tallies()).includes('poison'), { what: 'the replayed entry to be tallied' });
    });

    it('rebuilds a view for an operator, from the log alone', async () => {
      const { db } = await system.runtime.database('ledger', 'books');
      // A row no event made: a rebuild that really cleared the view does not bring it back.
      await (db as Kysely<LedgerTables>).insertInto('tallies').values({ entry: 'stray' }).execute();
      const rebuild = await system.operator('books').post('/admin/views/tallies/rebuild');
      expect(rebuild.status).toBe(202);
      expect(rebuild.body).toEqual({ view: 'tallies', group: 'books.tally', rebuilding: true });
      await waitFor(async () => JSON.stringify(await tallies()) === JSON.stringify(['good', 'poison']), {
        what: 'the tallies to be rebuilt from the log',
      });
      expect((await system.operator('books').post('/admin/views/unknown/rebuild')).status).toBe(404);
    });
  });
}
