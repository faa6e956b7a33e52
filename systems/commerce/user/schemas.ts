import { Type } from '@mosaic/kit/http';
import { Email, Phone } from '../accounts/schemas.ts';
import { RECEIVE_TYPES } from './store.ts';

/** The seed's requests (spec §5.1), field for field. */

export const UserIdQuery = Type.Object({ user_id: Type.Integer({ minimum: 1, description: 'whose (self check)' }) });
export const EmailQuery = Type.Object({ email: Email });
export const AddressParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'the address' }) });
export const UserAddressParams = Type.Object({
  user_id: Type.Integer({ minimum: 1, description: 'the user' }),
  address_id: Type.Integer({ minimum: 1, description: 'one of their addresses' }),
});

export const ProfileChange = Type.Object({
  profile_image_url: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  nick_name: Type.String({ minLength: 1, maxLength: 45 }),
});

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });

export const AddressRequest = Type.Object({
  receiver: Text(45, 'who receives the parcel'),
  address1: Text(200, 'street address'),
  address2: Text(200, 'flat, floor'),
  zipcode: Text(20, 'postal code'),
  phone: Phone,
  receive_type: Type.Unsafe<(typeof RECEIVE_TYPES)[number]>({
    type: 'string',
    enum: RECEIVE_TYPES,
    description: 'DOOR 문 앞 · SELF 직접 받고 부재 시 문 앞 · OFFICE 경비실 · POST 우편함 · ETC 기타',
  }),
  receive_message: Text(100, '배송 메시지는 필수 입니다'),
});
