import { silentLogger } from '@mosaic/kit/observability';
import { type DatabaseEngine, migrate, openPGlite } from '@mosaic/kit/store';
import { waitFor } from '@mosaic/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NoticeFeed } from './notice-feed.ts';
import type { Notice } from './notices.ts';
import { migrations, type OrderTables } from './store.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

// One PGlite for the file (it takes seconds to start); each test has a database of its own in it.
let engine: DatabaseEngine;
let databases = 0;
beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(() => engine?.close());

async function ordersDb(): Promise<Kysely<OrderTables>> {
  databases += 1;
  const database = await engine.forService(`order${databases}`);
  await migrate(database, migrations);
  return database.db as Kysely<OrderTables>;
}

const notice = (id: number, userId: number, orderId: number) => ({
  notice_id: id,
  user_id: userId,
  order_id: orderId,
  status: 'RESERVED' as const,
  reject_reason: null,
  rejected_product_id: null,
  at: '2026-12-07T00:00:00.000Z',
});

function feedOn(db: Kysely<OrderTables>) {
  const feed = new NoticeFeed(db, silentLogger());
  closing.push(async () => feed.close());
  return feed;
}

describe('the order notice feed', () => {
  it('sends each user only their own notices, once, even when a lower id commits after a higher one', async () => {
    const db = await ordersDb();
    const feed = feedOn(db);
    const got: Notice[] = [];
    await feed.listen(7, undefined, (n) => got.push(n));
    // Ids are handed out before commit: 2 becomes visible first, then 1 (a transaction that committed later).
    await db
      .insertInto('order_notices')
      .values([notice(2, 7, 102), notice(3, 8, 103)])
      .execute();
    await waitFor(async () => got.length === 1, { what: 'notice 2' });
    await db
      .insertInto('order_notices')
      .values(notice(1, 7, 101))
      .execute();
    await waitFor(async () => got.length === 2, { what: 'notice 1, late' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(got.map((n) => n.order_id)).toEqual([102, 101]);
  });

  it('replays what came after Last-Event-ID, then goes on live without repeating it', async () => {
    const db = await ordersDb();
    await db
      .insertInto('order_notices')
      .values([notice(1, 7, 101), notice(2, 7, 102), notice(3, 7, 103)])
      .execute();
    const feed = feedOn(db);
    const got: number[] = [];
    await feed.listen(7, 1, (n) => got.push(n.order_id));
    expect(got).toEqual([102, 103]);
    await db
      .insertInto('order_notices')
      .values(notice(4, 7, 104))
      .execute();
    await waitFor(async () => got.length === 3, { what: 'notice 4' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(got).toEqual([102, 103, 104]);
  });

  it('stops sending to a listener that left', async () => {
    const db = await ordersDb();
    const feed = feedOn(db);
    const got: number[] = [];
    const leave = await feed.listen(7, undefined, (n) => got.push(n.order_id));
    leave();
    await db
      .insertInto('order_notices')
      .values(notice(1, 7, 101))
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(got).toEqual([]);
  });
});
