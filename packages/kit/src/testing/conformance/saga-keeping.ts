// Test support (not exported): how an owner keeps its saga, run on each runtime (sagas/saga-keeping.test.ts:
// embedded; sagas/saga-keeping.distributed.test.ts: the real engines).
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEvents, on } from '../../messaging/events.ts';
import { defineSystem, type SystemDefinition } from '../../runtime/system.ts';
import { defineSaga } from '../../sagas/define.ts';
import { keeps } from '../../sagas/keeper.ts';
import type { SagaInstance } from '../../sagas/store.ts';
import { defineService, type ServiceContext } from '../../service/define.ts';
import { endpointsOf } from '../../service/endpoint.ts';
import type { TestSystem } from '../system.ts';
import { waitFor } from '../wait.ts';

const Trip = Type.Object({ tripId: Type.String() });
const tripEvents = defineEvents(
  { TripBooked: Trip, HotelReserved: Trip, HotelReleased: Trip, TripCancelled: Trip },
  { subject: (_type, data) => data.tripId },
);

/** A hotel step that can take too long: hotels ignore trips named `stuck-…`, so their step never ends. */
export const tripSaga = defineSaga({
  name: 'trip',
  owner: 'trips',
  subject: 'tripId',
  steps: [
    {
      name: 'hotel',
      by: 'hotels',
      on: 'TripBooked',
      done: 'HotelReserved',
      compensate: 'HotelReleased',
      timeoutMs: 2000,
    },
  ],
  cancelledBy: 'TripCancelled',
});

type TripContext = ServiceContext<Record<string, never>>;
const endpoint = endpointsOf<TripContext>();
const publish = (type: 'TripBooked' | 'TripCancelled') => async (ctx: TripContext, tripId: string) =>
  ctx.store.transaction((tx) => tx.publish(tripEvents.event(type, { tripId })));

function travelSystem(): SystemDefinition {
  const Params = Type.Object({ tripId: Type.String({ maxLength: 40 }) });
  const trips = defineService<Record<string, never>>({
    name: 'trips',
    system: 'travel',
    migrations: {},
    endpoints: [
      endpoint({
        method: 'POST',
        path: '/trips/:tripId',
        params: Params,
        summary: 'book a trip',
        gateway: { auth: 'public' },
        handle: (ctx, { params }) => publish('TripBooked')(ctx, params.tripId).then(() => params),
      }),
      endpoint({
        method: 'POST',
        path: '/trips/:tripId/cancel',
        params: Params,
        summary: 'cancel a trip',
        gateway: { auth: 'public' },
        handle: (ctx, { params }) => publish('TripCancelled')(ctx, params.tripId).then(() => params),
      }),
    ],
    sagas: [keeps<TripContext>(tripSaga, { timedOut: (ctx, tripId) => publish('TripCancelled')(ctx, tripId) })],
  });
  const hotels = defineService<Record<string, never>>({
    name: 'hotels',
    system: 'travel',
    migrations: {},
    endpoints: [],
    policies: {
      rooms: on(tripEvents, {
        TripBooked: async (event, tx) => {
          if (!event.subject.startsWith('stuck-')) await tx.publish(tripEvents.event('HotelReserved', event.data));
        },
        TripCancelled: async (event, tx) => {
          if (!event.subject.startsWith('stuck-')) await tx.publish(tripEvents.event('HotelReleased', event.data));
        },
      }),
    },
  });
  return defineSystem({
    name: 'travel',
    title: 'trips with a hotel',
    gateway: { port: 0 },
    services: [
      { definition: trips, port: 0 },
      { definition: hotels, port: 0 },
    ],
  });
}

export function sagaKeepingSuite(start: (system: SystemDefinition) => Promise<TestSystem>) {
  describe('an owner keeping its saga', () => {
    let system: TestSystem;
    const instance = async (subject: string) =>
      (await system.operator('trips').get<SagaInstance | undefined>(`/admin/sagas/trip/${subject}`)).body;
    const reaches = (subject: string, status: string) =>
      waitFor(async () => ((await instance(subject))?.status === status ? instance(subject) : undefined), {
        what: `trip ${subject} ${status}`,
      });

    beforeAll(async () => {
      system = await start(travelSystem());
    });
    afterAll(() => system?.close());

    it('records each instance by subject: its steps, its status and every event with its time', async () => {
      await system.http.post('/trips/t-1');
      const done = await reaches('t-1', 'completed');
      expect(done).toMatchObject({ saga: 'trip', subject: 't-1', step: 'hotel', done: ['hotel'] });
      expect(done.events.map((e) => e.type).sort()).toEqual(['HotelReserved', 'TripBooked']);
      for (const event of done.events) expect(Date.parse(event.time)).not.toBeNaN();
    });

    it('is compensated once cancelled: every step done is undone by its participant', async () => {
      await system.http.post('/trips/t-2');
      await reaches('t-2', 'completed');
      await system.http.post('/trips/t-2/cancel');
      const undone = await reaches('t-2', 'compensated');
      expect(undone.events.map((e) => e.type)).toContain('HotelReleased');
    });

    it("calls the owner's timeout handler once when a step takes too long, and says so", async () => {
      await system.http.post('/trips/stuck-1');
      const ended = await reaches('stuck-1', 'compensated');
      expect(ended.timedOutAt).toBeTruthy();
      expect(ended.events.filter((e) => e.type === 'TripCancelled')).toHaveLength(1);
    });

    it('lists instances by status, and answers 404 for an unknown saga or subject', async () => {
      await reaches('t-1', 'completed');
      const listed = await system
        .operator('trips')
        .get<{ instances: SagaInstance[] }>('/admin/sagas/trip?status=completed');
      expect(listed.status).toBe(200);
      expect(listed.body.instances.map((i) => i.subject)).toContain('t-1');
      expect(listed.body.instances.every((i) => i.status === 'completed')).toBe(true);
      expect((await system.operator('trips').get('/admin/sagas/trip/nobody')).status).toBe(404);
      expect((await system.operator('trips').get('/admin/sagas/cruise/t-1')).status).toBe(404);
      expect((await system.direct('trips').get('/admin/sagas/trip/t-1')).status).toBe(401);
    });
  });

  describe('checking a saga against its participants', () => {
    it('refuses a system whose participant does not handle the event that starts its step', () => {
      const lazy = defineService<Record<string, never>>({
        name: 'hotels',
        system: 'travel',
        migrations: {},
        endpoints: [],
      });
      const owner = defineService<Record<string, never>>({
        name: 'trips',
        system: 'travel',
        migrations: {},
        endpoints: [],
        sagas: [keeps(tripSaga)],
      });
      expect(() =>
        defineSystem({
          name: 'travel',
          title: 'trips',
          gateway: { port: 0 },
          services: [
            { definition: owner, port: 0 },
            { definition: lazy, port: 0 },
          ],
        }),
      ).toThrow(/hotels does not handle TripBooked, which starts step hotel/);
    });
  });
}
