import type { Selectable } from 'kysely';
import { localDateTime } from '../accounts/tokens.ts';
import type { UserTables } from './store.ts';

export type User = Selectable<UserTables['users']>;
export type Profile = Selectable<UserTables['profiles']>;
export type Address = Selectable<UserTables['address']>;

/** UserProfileResponse. */
export const profileView = (p: Profile) => ({
  id: p.id,
  user_id: p.user_id,
  profile_image_url: p.profile_image_url,
  nick_name: p.nick_name,
  grade: p.grade,
});

/** UserAddressResponse. */
export const addressView = (a: Address) => ({
  id: a.id,
  user_id: a.user_id,
  receiver: a.receiver,
  address1: a.address1,
  address2: a.address2,
  zipcode: a.zipcode,
  phone: a.phone,
  receive_type: a.receive_type,
  receive_message: a.receive_message,
});

/** UserResponse: never the password hash; `address_list` null where the seed left it out. */
export const userView = (u: User, profile: Profile | undefined, addresses: Address[] | null) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  phone: u.phone,
  status: u.status,
  registered_at: localDateTime(u.registered_at),
  unregistered_at: localDateTime(u.unregistered_at),
  last_login_at: localDateTime(u.last_login_at),
  profile: profile ? profileView(profile) : null,
  address_list: addresses ? addresses.map(addressView) : null,
});
