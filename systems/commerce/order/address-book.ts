import type { Kysely } from 'kysely';
import type { AddressChanged } from '../contracts/events.ts';
import type { DeliveryAddress } from './domain.ts';
import type { OrderTables } from './store.ts';

/** Order's copy of the users' addresses (AddressChanged), one user's changes applied in their order. */
export function addressBook(db: Kysely<OrderTables>) {
  return {
    async learn(changed: AddressChanged): Promise<void> {
      await db.deleteFrom('addresses').where('address_id', '=', changed.addressId).execute();
      if (changed.address === null) return;
      await db
        .insertInto('addresses')
        .values({ address_id: changed.addressId, user_id: changed.userId, address: JSON.stringify(changed.address) })
        .execute();
    },
    /** The address as order knows it, with whose it is; undefined when order has not heard of it. */
    async find(addressId: number): Promise<{ userId: number; address: DeliveryAddress } | undefined> {
      const row = await db.selectFrom('addresses').selectAll().where('address_id', '=', addressId).executeTakeFirst();
      if (!row) return undefined;
      const fields = JSON.parse(row.address) as Omit<DeliveryAddress, 'address_id'>;
      return { userId: row.user_id, address: { address_id: row.address_id, ...fields } };
    },
  };
}
