import { expect, it } from 'vitest';
import type { Saga, SagaStep } from '../sagas/define.ts';
import type { SagaInstance } from '../sagas/store.ts';
import type { TestSystem } from './system.ts';
import { waitFor } from './wait.ts';

/** What a system's test tells the kit so it can drive its saga: start one, finish a person's step, cancel it. */
export interface SagaDriver {
  system(): TestSystem;
  /** Starts an instance; answers its subject. */
  start(): Promise<string>;
  /** For steps that wait for someone (the store's owner, a rider): make the step finish. */
  finish?: Readonly<Record<string, (subject: string) => Promise<void>>>;
  cancel(subject: string): Promise<void>;
}

/**
 * One test per compensation, generated from the saga's definition: drive a new instance until the step has
 * started (its `started` event) or is done, cancel it, and expect the saga compensated, with the undo of that
 * step and of every step before it among its events.
 */
export function sagaCompensationTests(saga: Saga, driver: SagaDriver): void {
  saga.steps.forEach((step, index) => {
    if (!step.compensate) return;
    const point = step.started ? `${step.started} (${step.name} under way)` : `${step.done} (${step.name} done)`;
    it(`undoes ${step.name} with ${step.compensate} when ${saga.cancelledBy} comes after ${point}`, async () => {
      const subject = await driver.start();
      for (const earlier of saga.steps.slice(0, index)) await complete(driver, saga, earlier, subject);
      if (step.started) await seen(driver, saga, subject, step.started);
      else await complete(driver, saga, step, subject);
      await driver.cancel(subject);
      const ended = await reached(driver, saga, subject, (s) => s.status === 'compensated', 'compensated');
      const types = ended.events.map((e) => e.type);
      for (const undone of saga.steps.slice(0, index + 1)) {
        if (undone.compensate) expect(types, `${saga.name} ${subject}`).toContain(undone.compensate);
      }
      expect(ended.awaiting).toEqual([]);
    });
  });
}

async function complete(driver: SagaDriver, saga: Saga, step: SagaStep, subject: string): Promise<void> {
  const finish = driver.finish?.[step.name];
  if (finish) {
    await reached(driver, saga, subject, (s) => s.step === step.name || s.done.includes(step.name), step.name);
    await finish(subject);
  }
  await reached(driver, saga, subject, (s) => s.done.includes(step.name), `${step.name} done`);
}

const seen = (driver: SagaDriver, saga: Saga, subject: string, event: string) =>
  reached(driver, saga, subject, (s) => s.events.some((e) => e.type === event), event);

async function reached(
  driver: SagaDriver,
  saga: Saga,
  subject: string,
  test: (instance: SagaInstance) => boolean,
  what: string,
): Promise<SagaInstance> {
  const owner = driver.system().operator(saga.owner);
  return waitFor(
    async () => {
      const answer = await owner.get<SagaInstance>(`/admin/sagas/${saga.name}/${subject}`);
      return answer.status === 200 && test(answer.body) ? answer.body : undefined;
    },
    { what: `${saga.name} saga of ${subject}: ${what}` },
  );
}
