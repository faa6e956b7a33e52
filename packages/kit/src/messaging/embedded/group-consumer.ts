import type { Logger } from 'pino';
import { sleep } from '../backoff.ts';
import { type EventHandler, type GroupSettings, type SubscribeOptions, settingsOf } from '../bus.ts';
import type { Persisting } from '../delivery-failures.ts';
import type { BusDb } from './bus-tables.ts';
import { deliverWork } from './group-delivery.ts';
import { joinGroup, rewindGroup } from './group-positions.ts';
import { GroupProgress } from './group-progress.ts';
import { LogReader } from './log-reader.ts';
import type { LogTail } from './log-tail.ts';
import { SubjectQueues, type Work } from './subject-queues.ts';

export interface GroupConsumerDeps {
  db: BusDb;
  tail: LogTail;
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
  /** The types the group takes, from its first member; undefined until one joined. */
  readonly types: readonly string[] | undefined;
  /** Every event up to here is finished; undefined while the group takes no events here (then see `bus_group`). */
  readonly position: number | undefined;
}

export interface Member {
  readonly handler: EventHandler;
  readonly inFlight: Set<Promise<void>>;
}

export function createGroupConsumer(deps: GroupConsumerDeps): GroupConsumer {
  return new EmbeddedGroup(deps);
}

/**
 * The group's state, in one place. Its parts: `progress` (how far the log is finished, and saving it),
 * `queues` (the work per subject, and retries), `reader` (log and replays into the queues), `deliverWork`
 * (one try and its bookkeeping). This class hands ready work to members and runs join/leave/rewind/close.
 */
class EmbeddedGroup implements GroupConsumer {
  private readonly logger: Logger;
  private readonly progress: GroupProgress;
  private readonly queues: SubjectQueues;
  private readonly reader: LogReader;
  private readonly bookkeeping: Persisting = { keepTrying: () => this.active, wait: sleep };

  /** From the first member; undefined until one joins. */
  private settings: GroupSettings | undefined;
  private members: Member[] = [];
  private nextMember = 0;
  /** Taking events: true from the first join to the last leave (or a rewind's pause). */
  private active = false;
  private closed = false;
  private running = 0;
  private readonly inFlight = new Set<Promise<void>>();

  private pollTimer: NodeJS.Timeout | undefined;
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: GroupConsumerDeps) {
    const { db, tail, group, batchSize } = deps;
    const logger = deps.logger.child({ group });
    const active = () => this.active;
    this.logger = logger;
    this.progress = new GroupProgress({ db, group, logger, active });
    this.queues = new SubjectQueues(active);
    this.reader = new LogReader({
      db,
      tail,
      group,
      logger,
      batchSize,
      maxBuffered: batchSize * 4,
      progress: this.progress,
      queues: this.queues,
      active,
      types: () => this.settings!.types,
      dispatch: () => this.dispatch(),
    });
  }

  join(options: SubscribeOptions, handler: EventHandler): Promise<Member> {
    return this.serial(async () => {
      const { group } = this.deps;
      if (this.closed) throw new Error(`the bus is closed: cannot subscribe group ${group}`);
      const member: Member = { handler, inFlight: new Set() };
      if (this.active) {
        if (!sameTypes(this.settings!.types, options.types)) {
          this.logger.warn(
            { types: options.types, groupTypes: this.settings!.types },
            `group ${group} already runs with other types; a group's settings come from its first member`,
          );
        }
        this.members.push(member);
        this.dispatch();
        return member;
      }
      this.settings = settingsOf(options);
      const at = await joinGroup(this.deps.db, group, this.settings.startAt === 'new' ? this.deps.tail.head : 0);
      this.progress.savedAt(at);
      this.members.push(member);
      this.resume(at);
      return member;
    });
  }

  leave(member: Member): Promise<void> {
    return this.serial(async () => {
      const index = this.members.indexOf(member);
      if (index < 0) return;
      this.members.splice(index, 1);
      if (this.members.length === 0) await this.deactivate();
      else await Promise.allSettled([...member.inFlight]);
    });
  }

  get types(): readonly string[] | undefined {
    return this.settings?.types;
  }

  get position(): number | undefined {
    return this.active ? this.progress.position : undefined;
  }

  wake(): void {
    this.reader.wake();
  }

  replayRequested(): void {
    this.reader.checkReplays();
    this.reader.wake();
  }

  rewind(): Promise<void> {
    return this.serial(async () => {
      const { db, group } = this.deps;
      if (!this.active) {
        await rewindGroup(db, group);
        return;
      }
      // Drain first: an old delivery finishing after the reset would run beside its subject's redelivery.
      await this.halt();
      await this.progress.settled();
      try {
        await rewindGroup(db, group);
        this.progress.savedAt(0);
        this.resume(0);
      } catch (err) {
        this.resume(this.progress.position);
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      this.members = [];
      if (this.active) await this.deactivate();
    });
  }

  // join/leave/rewind/close change the group's whole state: one at a time.
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.lifecycle.then(op);
    this.lifecycle = result.catch(() => undefined);
    return result;
  }

  /** Hands ready work to members, round robin, up to `concurrency` at once. */
  private dispatch(): void {
    while (this.active && this.members.length > 0 && this.running < this.deps.concurrency) {
      const next = this.queues.take();
      if (!next) return;
      const member = this.members[this.nextMember++ % this.members.length]!;
      this.running++;
      const delivery: Promise<void> = this.deliver(next.subject, next.work, member).finally(() => {
        this.running--;
        this.inFlight.delete(delivery);
        member.inFlight.delete(delivery);
        this.reader.refill();
        this.dispatch();
      });
      this.inFlight.add(delivery);
      member.inFlight.add(delivery);
    }
  }

  private async deliver(subject: string, work: Work, member: Member): Promise<void> {
    const { db, group } = this.deps;
    const context = { db, group, logger: this.logger, settings: this.settings!, bookkeeping: this.bookkeeping };
    const outcome = await deliverWork(context, work, member.handler);
    if (outcome.kind === 'finished') {
      this.queues.finish(subject, work);
      if (work.kind === 'log') this.progress.finish(work.seq);
    } else if (outcome.kind === 'retry') {
      // Not while stopping: left unfinished, it is read again from the log on the next start.
      if (this.active) this.queues.retryLater(subject, work, outcome.inMs, () => this.dispatch());
    }
  }

  /** Starts taking events from `at` with empty buffers. */
  private resume(at: number): void {
    this.progress.restart(at);
    this.queues.clear();
    this.reader.reset();
    this.active = true;
    this.reader.checkReplays(); // replays requested while nobody listened are served now
    // Replays are asked through this bus (`replayRequested`), the only one on its database: the poll need not look.
    this.pollTimer = setInterval(() => {
      if (this.progress.unsaved) this.progress.schedulePersist();
      this.reader.wake();
    }, this.deps.pollMs);
    this.pollTimer.unref();
    this.reader.wake();
  }

  /** Stops taking events and lets the running ones finish; events waiting for a retry stay unfinished. */
  private async halt(): Promise<void> {
    this.active = false;
    clearInterval(this.pollTimer);
    this.progress.cancelPersist();
    this.queues.cancelRetries();
    await Promise.allSettled([...this.inFlight]);
    await this.reader.idle();
  }

  private async deactivate(): Promise<void> {
    await this.halt();
    await this.progress.persist();
    this.progress.drop();
    this.queues.clear();
  }
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((type) => b.includes(type));
}
