import { retryAfterSecOf, type ServiceClient, type UpstreamResponse } from '@mosaic/kit/calls';
import { HttpError, unavailable } from '@mosaic/kit/service';
import type { Kysely } from 'kysely';
import type { Envelope } from '../contracts/envelope.ts';
import { addressBook } from './address-book.ts';
import type { DeliveryAddress } from './domain.ts';
import type { OrderTables } from './store.ts';

/** The seed's Feign calls had no timeout (spec §8); an order waits this long for user, then says try again. */
export const USER_TIMEOUT_MS = 2_000;
export const USER_BREAKER = { failures: 5, halfOpenAfterMs: 5_000 };
const RETRY_AFTER_SEC = 5;

/**
 * The address, if it is one of the user's. Order's own copy (AddressChanged) answers at once; an address it
 * has not heard of yet (added a moment ago) is asked of user, which answers "not found" for anyone else's.
 * When user cannot be asked, the order is refused with 503 and Retry-After rather than taken without knowing
 * where it goes.
 */
export async function deliveryAddressOf(
  ctx: { store: { db: Kysely<OrderTables> }; clients: { user: ServiceClient } },
  userId: number,
  addressId: number,
): Promise<DeliveryAddress> {
  const known = await addressBook(ctx.store.db).find(addressId);
  if (known) {
    if (known.userId !== userId) throw notYours(addressId);
    return known.address;
  }
  return askUser(ctx.clients.user, userId, addressId);
}

const notYours = (addressId: number) =>
  new HttpError('not-found', `address ${addressId} is not one of your addresses; add it first`, {
    rule: 'address-not-found',
    addressId,
  });

async function askUser(user: ServiceClient, userId: number, addressId: number): Promise<DeliveryAddress> {
  let response: UpstreamResponse;
  try {
    response = await user.getJson(`/user-service/internal/users/${userId}/addresses/${addressId}`);
  } catch (error) {
    const retryAfterSec = retryAfterSecOf(error, RETRY_AFTER_SEC);
    throw unavailable(
      `the delivery address cannot be checked right now (the user service is not answering); order again in ${retryAfterSec} s`,
      retryAfterSec,
    );
  }
  if (response.status === 404) throw notYours(addressId);
  if (response.status !== 200) {
    throw unavailable('the delivery address could not be checked; order again shortly', RETRY_AFTER_SEC);
  }
  const found = response.json<Envelope<Omit<DeliveryAddress, 'address_id'> & { id: number }>>().data;
  if (!found) throw unavailable('the delivery address could not be read; order again shortly', RETRY_AFTER_SEC);
  const { receiver, address1, address2, zipcode, phone, receive_type, receive_message } = found;
  return { address_id: found.id, receiver, address1, address2, zipcode, phone, receive_type, receive_message };
}
