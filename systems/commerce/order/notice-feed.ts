import type { Logger } from '@mosaic/kit/observability';
import type { Kysely } from 'kysely';
import { type Notice, orderNotices, READ_LIMIT } from './notices.ts';
import type { OrderTables } from './store.ts';

/** How often an instance with open streams reads new notices. */
const POLL_MS = 250;
/**
 * A notice id not yet visible while a higher one is may belong to a transaction still committing (ids are
 * handed out before commit); the reader waits this long for it before giving it up as rolled back.
 */
const GAP_GRACE_MS = 2_000;

interface Listener {
  /** Whose notices; undefined for a supervisor, who hears every order. */
  userId: number | undefined;
  deliver(notice: Notice): void;
  /** Ids this listener was already sent from its backlog, so the live feed does not send them again. */
  sent: Set<number>;
}

/**
 * The notices of one order instance's open event streams. Any instance may settle an order (the stock group
 * is shared), so each instance with listeners reads the notices table — one query every 250 ms for all of
 * its streams, none when it has no stream — and hands each notice to its user's streams. Reading the table
 * rather than a broadcast makes a reconnect with Last-Event-ID lossless.
 */
export class NoticeFeed {
  readonly #listeners = new Set<Listener>();
  /** Every id up to here has been handed out or given up. */
  #low: number | undefined;
  readonly #delivered = new Set<number>();
  readonly #gaps = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly db: Kysely<OrderTables>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts sending `userId`'s notices (every user's when undefined) to `deliver`: first those after
   * `lastEventId`, then each new one.
   */
  async listen(userId: number | undefined, lastEventId: number | undefined, deliver: (notice: Notice) => void) {
    this.#low ??= await orderNotices(this.db).lastId();
    const listener: Listener = { userId, deliver, sent: new Set() };
    this.#listeners.add(listener);
    if (lastEventId !== undefined) {
      for (const notice of await orderNotices(this.db).after(lastEventId, userId === undefined ? {} : { userId })) {
        listener.sent.add(notice.notice_id);
        deliver(notice);
      }
    }
    this.#schedule();
    return () => this.#listeners.delete(listener);
  }

  /** Stops reading; the streams themselves are ended by the service's shutdown. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #schedule(delayMs = POLL_MS): void {
    if (this.#timer || this.#closed || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#poll().then(
        (full) => this.#schedule(full ? 0 : POLL_MS),
        (error: unknown) => {
          this.logger.warn({ err: error }, 'order notices could not be read; trying again');
          this.#schedule();
        },
      );
    }, delayMs);
  }

  /** Reads what is new; true when the read was full and more may be waiting. */
  async #poll(): Promise<boolean> {
    const low = this.#low ?? 0;
    const notices = await orderNotices(this.db).after(low);
    let expected = low + 1;
    for (const notice of notices) {
      const id = notice.notice_id;
      for (let missing = expected; missing < id; missing++) {
        if (!this.#gaps.has(missing)) this.#gaps.set(missing, this.now());
      }
      expected = id + 1;
      this.#gaps.delete(id);
      if (this.#delivered.has(id)) continue;
      this.#delivered.add(id);
      for (const listener of this.#listeners) {
        const theirs = listener.userId === undefined || listener.userId === notice.user_id;
        if (theirs && !listener.sent.delete(id)) listener.deliver(notice);
      }
    }
    this.#advance(low);
    return notices.length >= READ_LIMIT;
  }

  /** Moves the low mark over every id handed out, and over gaps that waited long enough. */
  #advance(from: number): void {
    let low = from;
    const now = this.now();
    for (;;) {
      const next = low + 1;
      const gapSince = this.#gaps.get(next);
      if (this.#delivered.delete(next)) low = next;
      else if (gapSince !== undefined && now - gapSince >= GAP_GRACE_MS) {
        this.#gaps.delete(next);
        low = next;
      } else break;
    }
    this.#low = low;
  }
}

const feeds = new WeakMap<object, NoticeFeed>();

/** The feed of one running order instance (its context), made when its first stream opens. */
export function noticeFeedOf(ctx: { store: { db: Kysely<OrderTables> }; logger: Logger }): NoticeFeed {
  let feed = feeds.get(ctx);
  if (!feed) {
    feed = new NoticeFeed(ctx.store.db, ctx.logger);
    feeds.set(ctx, feed);
  }
  return feed;
}

export function closeNoticeFeed(ctx: object): void {
  feeds.get(ctx)?.close();
  feeds.delete(ctx);
}
