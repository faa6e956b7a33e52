import { defineSystem } from '@mosaic/kit/runtime';
import { defineService, type ServiceContext } from '@mosaic/kit/service';
import { jsonClient, startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messaging } from './api.ts';
import { type RunningConsole, startConsole } from './server.ts';
import { embeddedSource } from './sources/embedded.ts';

type Ctx = ServiceContext<object, never, never, 'labels'>;

/** A printer that cannot print until its ribbon is changed: each label it is sent dead-letters at once. */
const ribbon = { changed: false };
const printed: string[] = [];
const captured: { ctx?: Ctx } = {};

const printer = defineService<object, never, never, 'labels'>({
  name: 'printer',
  system: 'labelshop',
  migrations: {},
  endpoints: [],
  queues: {
    labels: {
      visibilityTimeoutMs: 2_000,
      maxReceives: 1,
      concurrency: 1,
      async handle(message) {
        const { type, text } = message.body as { type: string; text: string };
        if (!ribbon.changed) throw new Error(`out of ribbon: cannot print ${type}`);
        printed.push(text);
      },
    },
  },
  started(ctx) {
    captured.ctx = ctx;
  },
});

const labelshop = defineSystem({
  name: 'labelshop',
  title: 'a label printer on a work queue',
  gateway: { port: 0 },
  services: [{ definition: printer, port: 0 }],
});

describe("the console's queue views and redrive", () => {
  let system: TestSystem;
  let console_: RunningConsole;
  let api: ReturnType<typeof jsonClient>;

  beforeAll(async () => {
    system = await startTestSystem(labelshop);
    console_ = await startConsole({
      source: embeddedSource({ runtime: system.runtime, systems: () => [system] }),
      port: 0,
      scrapeIntervalMs: 60_000,
    });
    api = jsonClient(console_.url);
  });
  afterAll(async () => {
    await console_?.close();
    await system?.close();
  });

  it("shows a queue's figures and its dead letters, and redrives them to the worker through the API", async () => {
    await captured.ctx?.queues.labels.send({ type: 'shipping-label', text: 'to Busan' });
    const messaging = await waitFor(
      async () => {
        const { body } = await api.get<Messaging>('/api/messaging');
        return body.deadLetters.length === 1 ? body : undefined;
      },
      { what: 'the label among the queue dead letters' },
    );
    expect(messaging.queues).toEqual([
      {
        system: 'labelshop',
        service: 'printer',
        queue: 'labels',
        depth: 0,
        inFlight: 0,
        oldestAgeSec: 0,
        deadLetters: 1,
      },
    ]);
    const letter = messaging.deadLetters[0];
    expect(letter).toMatchObject({
      system: 'labelshop',
      service: 'printer',
      kind: 'queue',
      from: 'labels',
      type: 'shipping-label',
      attempts: 1,
      payload: { type: 'shipping-label', text: 'to Busan' },
      replayedAt: null,
    });
    expect(letter?.error).toContain('out of ribbon');

    ribbon.changed = true;
    const redrive = await api.post('/api/queues/redrive', {
      system: 'labelshop',
      service: 'printer',
      queue: 'labels',
      ids: [letter?.id],
    });
    expect(redrive).toMatchObject({ status: 202, body: { redriven: 1 } });
    await waitFor(() => printed.includes('to Busan'), { what: 'the label printed after the redrive' });
    expect((await api.get<Messaging>('/api/messaging')).body.deadLetters).toEqual([]);
  });
});
