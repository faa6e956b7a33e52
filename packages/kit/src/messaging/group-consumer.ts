import type { Logger } from 'pino';
import { type Backoff, defaultBackoff, sleep } from './backoff.ts';
import type { EventHandler, SubscribeOptions } from './bus.ts';
import type { BusDb } from './bus-tables.ts';
import {
  type Failure,
  markReplayed,
  pendingReplays,
  recordDeadLetter,
  recordReplayFailure,
} from './dead-letter-store.ts';
import { GAVE_UP, handlerFailed, logGivingUp, type Persisting, persistently, retryInMs } from './delivery-failures.ts';
import type { Envelope } from './envelope.ts';
import { readLog } from './event-log.ts';
import { joinGroup, rewindGroup, savePosition } from './group-positions.ts';

export interface GroupConsumerDeps {
  db: BusDb;
  group: string;
  logger: Logger;
  /** Handlers of this group running at once (different subjects only). */
  concurrency: number;
  pollMs: number;
  batchSize: number;
}

/** One consumer group inside this process: its members share the work, its position lives in `bus_group`. */
export interface GroupConsumer {
  join(options: SubscribeOptions, handler: EventHandler): Promise<Member>;
  leave(member: Member): Promise<void>;
  /** New events may be in the log. */
  wake(): void;
  /** A replay of one of this group's dead letters was requested. */
  replayRequested(): void;
  rewind(): Promise<void>;
  close(): Promise<void>;
}

export interface Member {
  readonly handler: EventHandler;
  readonly inFlight: Set<Promise<void>>;
}

/** A group's settings, validated, with the defaults filled in. */
export interface GroupSettings {
  types: readonly string[];
  maxAttempts: number;
  backoff: Backoff;
  startAt: 'all' | 'new';
}

/** A unit of work: an event from the log, or a dead letter handed back by `replay`. */
type Work =
  | { kind: 'log'; seq: number; event: Envelope; attempt: number }
  | { kind: 'replay'; deadLetterId: string; event: Envelope; attempt: number };

// Position writes are coalesced: at-least-once plus the inbox make a slightly stale position harmless,
// and one write per burst keeps the single PGlite connection free for handlers.
const PERSIST_DELAY_MS = 25;

export function createGroupConsumer(deps: GroupConsumerDeps): GroupConsumer {
  const { db, group } = deps;
  const logger = deps.logger.child({ group });
  const maxBuffered = deps.batchSize * 4;

  let settings: GroupSettings | undefined;
  let members: Member[] = [];
  let nextMember = 0;
  let active = false;
  let closed = false;

  // Every event with seq <= position is finished. `pending` holds the seqs read but not finished, in order,
  // so the position can only ever move up to just before the oldest unfinished event.
  let position = 0;
  let savedPosition = 0;
  let fetched = 0;
  let pending: number[] = [];
  const finished = new Set<number>();

  // Per-subject queues: only the head of a queue is ever running or waiting for a retry, which is what
  // keeps one subject strictly in order while other subjects proceed.
  const subjects = new Map<string, Work[]>();
  let ready: string[] = [];
  const replaysQueued = new Set<string>();
  let running = 0;
  const inFlight = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();

  let pollTimer: NodeJS.Timeout | undefined;
  let persistTimer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let replayCheck = false;
  let bufferFull = false;
  let saving: Promise<void> = Promise.resolve();
  let lifecycle: Promise<unknown> = Promise.resolve();

  // join/leave/rewind/close change the group's whole state: one at a time.
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const result = lifecycle.then(op);
    lifecycle = result.catch(() => undefined);
    return result;
  }

  function enqueue(work: Work): void {
    const queue = subjects.get(work.event.subject);
    if (queue) queue.push(work);
    else {
      subjects.set(work.event.subject, [work]);
      ready.push(work.event.subject);
    }
  }

  function dispatch(): void {
    while (active && members.length > 0 && running < deps.concurrency && ready.length > 0) {
      const subject = ready.shift()!;
      const work = subjects.get(subject)?.[0];
      if (!work) continue;
      const member = members[nextMember++ % members.length]!;
      running++;
      const delivery: Promise<void> = deliver(subject, work, member).finally(() => {
        running--;
        inFlight.delete(delivery);
        member.inFlight.delete(delivery);
        refill();
        dispatch();
      });
      inFlight.add(delivery);
      member.inFlight.add(delivery);
    }
  }

  async function deliver(subject: string, work: Work, member: Member): Promise<void> {
    const { maxAttempts, backoff } = settings!;
    let failure: Failure | undefined;
    try {
      await member.handler(work.event, { attempt: work.attempt });
    } catch (thrown) {
      failure = handlerFailed(logger, group, work.event, work.attempt, maxAttempts, thrown);
    }
    if (!failure) {
      if (work.kind === 'replay') {
        const id = work.deadLetterId;
        const marked = await persistently(
          logger,
          `the replay of dead letter ${id}`,
          () => markReplayed(db, id),
          bookkeeping,
        );
        if (marked === GAVE_UP) return;
      }
      finish(subject, work);
      return;
    }
    const retryIn = retryInMs(work.attempt, maxAttempts, backoff);
    if (retryIn !== undefined) {
      scheduleRetry(subject, work, retryIn);
      return;
    }
    const attempts = work.attempt;
    logGivingUp(logger, group, work.event, attempts, failure);
    const recorded =
      work.kind === 'log'
        ? await persistently(
            logger,
            `the dead letter of ${work.event.id}`,
            () => recordDeadLetter(db, group, work.event, failure, attempts),
            bookkeeping,
          )
        : await persistently(
            logger,
            `the failed replay of dead letter ${work.deadLetterId}`,
            () => recordReplayFailure(db, work.deadLetterId, failure, attempts),
            bookkeeping,
          );
    // Given up (the group stops): the work stays unfinished and is read again from the log on the next start.
    if (recorded !== GAVE_UP) finish(subject, work);
  }

  const bookkeeping: Persisting = { keepTrying: () => active, wait: sleep };

  function scheduleRetry(subject: string, work: Work, delayMs: number): void {
    if (!active) return; // left unfinished: read again from the log on the next start
    work.attempt++;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (!active) return;
      ready.unshift(subject); // it has waited long enough: it goes before newcomers
      dispatch();
    }, delayMs);
    retryTimers.add(timer);
  }

  function finish(subject: string, work: Work): void {
    const queue = subjects.get(subject);
    queue?.shift();
    if (queue && queue.length > 0) ready.push(subject);
    else subjects.delete(subject);
    if (work.kind === 'replay') {
      replaysQueued.delete(work.deadLetterId);
      return;
    }
    finished.add(work.seq);
    while (pending.length > 0 && finished.has(pending[0]!)) finished.delete(pending.shift()!);
    advance();
  }

  function advance(): void {
    const next = pending.length > 0 ? pending[0]! - 1 : fetched;
    if (next > position) {
      position = next;
      schedulePersist();
    }
  }

  function refill(): void {
    if (bufferFull && pending.length <= maxBuffered / 2) {
      bufferFull = false;
      wake();
    }
  }

  function wake(): void {
    if (!active) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = pump().finally(() => {
      pumping = undefined;
    });
  }

  async function pump(): Promise<void> {
    do {
      pumpAgain = false;
      try {
        if (replayCheck) {
          replayCheck = false;
          await loadReplays();
        }
        await readMore();
      } catch (err) {
        // The poll comes back; nothing was taken from the log, so nothing is lost.
        logger.warn({ err }, `group ${group} could not read the event log; retrying on the next poll`);
        return;
      }
    } while (pumpAgain && active);
  }

  async function loadReplays(): Promise<void> {
    const requests = await pendingReplays(db, group);
    if (!active) return;
    for (const request of requests) {
      if (replaysQueued.has(request.id)) continue;
      replaysQueued.add(request.id);
      enqueue({ kind: 'replay', deadLetterId: request.id, event: request.event, attempt: 1 });
    }
    dispatch();
  }

  async function readMore(): Promise<void> {
    while (active && pending.length < maxBuffered) {
      const page = await readLog(db, fetched, settings!.types, deps.batchSize);
      if (!active) return;
      for (const entry of page.entries) {
        pending.push(entry.seq);
        enqueue({ kind: 'log', seq: entry.seq, event: entry.event, attempt: 1 });
      }
      fetched = page.scannedTo;
      advance();
      dispatch();
      if (!page.more) return;
    }
    if (pending.length >= maxBuffered) bufferFull = true;
  }

  function schedulePersist(): void {
    if (persistTimer || !active) return;
    persistTimer = setTimeout(() => {
      persistTimer = undefined;
      void persist();
    }, PERSIST_DELAY_MS);
    persistTimer.unref();
  }

  function persist(): Promise<void> {
    saving = saving.then(async () => {
      const target = position;
      if (target === savedPosition) return;
      try {
        await savePosition(db, group, target);
        savedPosition = target;
      } catch (err) {
        logger.warn({ err }, `could not save the position of group ${group}; retrying on the next poll`);
      }
    });
    return saving;
  }

  /** Starts taking events from `at` with empty buffers. */
  function resume(at: number): void {
    position = at;
    fetched = at;
    pending = [];
    finished.clear();
    subjects.clear();
    ready = [];
    replaysQueued.clear();
    bufferFull = false;
    active = true;
    replayCheck = true; // replays requested while nobody listened are served now
    pollTimer = setInterval(() => {
      replayCheck = true;
      if (position !== savedPosition) schedulePersist();
      wake();
    }, deps.pollMs);
    pollTimer.unref();
    wake();
  }

  /** Stops taking events and lets the running ones finish; events waiting for a retry stay unfinished. */
  async function halt(): Promise<void> {
    active = false;
    clearInterval(pollTimer);
    clearTimeout(persistTimer);
    persistTimer = undefined;
    for (const timer of retryTimers) clearTimeout(timer);
    retryTimers.clear();
    await Promise.allSettled([...inFlight]);
    await pumping;
  }

  async function deactivate(): Promise<void> {
    await halt();
    await persist();
    pending = [];
    finished.clear();
    subjects.clear();
    ready = [];
    replaysQueued.clear();
  }

  return {
    join(options, handler) {
      return serial(async () => {
        if (closed) throw new Error(`the bus is closed: cannot subscribe group ${group}`);
        const member: Member = { handler, inFlight: new Set() };
        if (active) {
          if (!sameTypes(settings!.types, options.types)) {
            logger.warn(
              { types: options.types, groupTypes: settings!.types },
              `group ${group} already runs with other types; a group's settings come from its first member`,
            );
          }
          members.push(member);
          dispatch();
          return member;
        }
        settings = settingsOf(options);
        const at = await joinGroup(db, group, settings.startAt);
        savedPosition = at;
        members.push(member);
        resume(at);
        return member;
      });
    },
    leave(member) {
      return serial(async () => {
        const index = members.indexOf(member);
        if (index < 0) return;
        members.splice(index, 1);
        if (members.length === 0) await deactivate();
        else await Promise.allSettled([...member.inFlight]);
      });
    },
    wake,
    replayRequested() {
      replayCheck = true;
      wake();
    },
    rewind() {
      return serial(async () => {
        if (!active) {
          await rewindGroup(db, group);
          return;
        }
        // Drain first: an old delivery finishing after the reset would run beside its subject's redelivery.
        await halt();
        await saving;
        try {
          await rewindGroup(db, group);
          savedPosition = 0;
          resume(0);
        } catch (err) {
          resume(position);
          throw err;
        }
      });
    },
    close() {
      return serial(async () => {
        closed = true;
        members = [];
        if (active) await deactivate();
      });
    },
  };
}

export function settingsOf(options: SubscribeOptions): GroupSettings {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`maxAttempts of group ${options.group} must be a whole number ≥ 1, got ${maxAttempts}`);
  }
  const backoff = options.backoff ?? defaultBackoff;
  if (!(backoff.initialMs >= 0 && backoff.maxMs >= backoff.initialMs)) {
    throw new Error(`backoff of group ${options.group} needs 0 ≤ initialMs ≤ maxMs, got ${JSON.stringify(backoff)}`);
  }
  return { types: [...options.types], maxAttempts, backoff, startAt: options.startAt ?? 'all' };
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((type) => b.includes(type));
}
