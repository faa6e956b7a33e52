/**
 * A saga that runs across services, declared in one place (`systems/<system>/sagas.ts`): its steps, each with
 * the event that starts it, the event that says it is done and the event that undoes it. Choreography stays
 * the mechanism (each participant reacts to events); the saga is its map and its monitor: the kit checks at
 * start-up that every participant handles its step, keeps each instance's state per subject, and serves it.
 */
export interface SagaStep {
  readonly name: string;
  /** The participant: the service that does this step. */
  readonly by: string;
  /** The event that starts the step (for a `call` step, the one published before the call). */
  readonly on: string;
  /** The step is done. */
  readonly done: string;
  /** Published by the participant while the step is under way (`DeliveryStarted`): it now has work to undo. */
  readonly started?: string;
  /** The participant's undo when the saga is cancelled after the step started or was done. */
  readonly compensate?: string;
  /** The step is a synchronous call from the saga's owner (payment), not a reaction to `on`. */
  readonly call?: true;
  /** How long the step may take before the owner's `timedOut` handler is called. Human steps have none. */
  readonly timeoutMs?: number;
}

export interface SagaDefinition {
  readonly name: string;
  /** The service that starts the saga and keeps its record (its database, its `/admin/sagas`). */
  readonly owner: string;
  /** What the subject of the saga's events is, in words (`orderId`). */
  readonly subject: string;
  readonly steps: readonly SagaStep[];
  /** The event that cancels the saga; every participant with work to undo handles it. */
  readonly cancelledBy: string;
}

export type Saga = SagaDefinition & {
  /** Every event the saga follows, in the order of its steps. */
  readonly events: readonly string[];
};

export function defineSaga(definition: SagaDefinition): Saga {
  const { name, steps } = definition;
  if (steps.length === 0) throw new Error(`saga ${name} has no steps`);
  const names = new Set<string>();
  for (const step of steps) {
    if (names.has(step.name)) throw new Error(`saga ${name} has two steps named ${step.name}`);
    names.add(step.name);
  }
  const events = new Set<string>();
  for (const step of steps) {
    for (const event of [step.on, step.started, step.done, step.compensate]) if (event) events.add(event);
  }
  events.add(definition.cancelledBy);
  return { ...definition, events: [...events] };
}
