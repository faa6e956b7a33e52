import type { Static } from '@mosaic/kit/http';
import { HttpError } from '@mosaic/kit/service';
import { insertWithId, type Tx } from '@mosaic/kit/store';
import { commerceEvent } from '../contracts/events.ts';
import { type UserContext, userNotFound } from './commands.ts';
import type { AddressRequest } from './schemas.ts';
import type { UserTables } from './store.ts';
import type { Address } from './views.ts';

type AddressInput = Static<typeof AddressRequest>;

const addressNotFound = () => new HttpError('not-found', '주소를 찾을 수 없습니다.', { rule: 'address-not-found' });

/**
 * Adds an address unless the user already has `address.limit`. The seed counted, then inserted (bug C-B3), so
 * concurrent requests all saw room; here the user's row is locked first, in the transaction that counts and
 * inserts, so the requests of one user take turns and exactly the limit is ever stored.
 */
export async function addAddress(ctx: UserContext, userId: number, input: AddressInput): Promise<Address> {
  const limit = ctx.settings.get('address.limit');
  return ctx.store.transaction(async (tx) => {
    const owner = await tx.db
      .selectFrom('users')
      .select(['id', 'status'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (owner?.status !== 'REGISTERED') throw userNotFound(userId);
    // A locking read: MySQL's plain read would see the transaction's snapshot, not what the last holder added.
    const kept = await tx.db.selectFrom('address').select('id').where('user_id', '=', userId).forUpdate().execute();
    if (kept.length >= limit) {
      throw new HttpError('bad-request', `주소 등록은 최대 ${limit}개 까지 가능 합니다`, {
        rule: 'address-limit',
        limit,
      });
    }
    const values = { user_id: userId, ...input };
    const id = await insertWithId(tx.db, 'address', values, 'id');
    await told(tx, userId, id, input);
    return { id, ...values };
  });
}

/** Order keeps a copy of every address (AddressChanged), published with the change itself. */
function told(tx: Tx<UserTables>, userId: number, addressId: number, address: AddressInput | null) {
  return tx.publish(commerceEvent('AddressChanged', { userId, addressId, address }));
}

export const addressesOf = (ctx: UserContext, userId: number): Promise<Address[]> =>
  ctx.store.db.selectFrom('address').selectAll().where('user_id', '=', userId).orderBy('id').execute();

export async function addressOf(ctx: UserContext, userId: number, id: number): Promise<Address> {
  const row = await ctx.store.db
    .selectFrom('address')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw addressNotFound();
  return row;
}

/** Only an address of `userId`: another user's address id is "not found", never changed. */
export function changeAddress(ctx: UserContext, userId: number, id: number, input: AddressInput) {
  return ctx.store.transaction(async (tx) => {
    // Every field, zipcode included (the seed forgot it, bug C-B5).
    const changed = await tx.db
      .updateTable('address')
      .set(input)
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw addressNotFound();
    const row = await tx.db.selectFrom('address').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw addressNotFound();
    await told(tx, userId, id, input);
    return row;
  });
}

export function removeAddress(ctx: UserContext, userId: number, id: number): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    const removed = await tx.db
      .deleteFrom('address')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw addressNotFound();
    await told(tx, userId, id, null);
  });
}
