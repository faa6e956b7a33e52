import { PATTERN_MEANS, Type } from '@mosaic/kit/http';

/** The seed's rules for an account's fields (spec §5.1, `UserRequest.java`), shared by the three kinds of account. */

/** Letters, digits and one of `$@!%*#?&`; 8 to 16 characters. */
const PASSWORD_RULE = '^(?=.*[A-Za-z])(?=.*\\d)(?=.*[$@!%*#?&])[A-Za-z\\d$@!%*#?&]{8,16}$';
/** Korean mobile (010/011/016–019) and internet phone (070) numbers, digits only. */
const PHONE_RULE = '^(?:(010\\d{4})|(070\\d{4})|(01[16789]\\d{3,4}))(\\d{4})$';

export const Email = Type.String({
  minLength: 3,
  maxLength: 80,
  pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  description: 'the sign-in e-mail, e.g. user1@benefits.com',
});
export const Password = Type.String({
  pattern: PASSWORD_RULE,
  [PATTERN_MEANS]: '8 to 16 letters, digits and the signs $@!%*#?&, with at least one of each kind',
  description: '비밀번호 생성 규칙: 8–16, letter, digit, sign',
});
export const Phone = Type.String({
  pattern: PHONE_RULE,
  [PATTERN_MEANS]: 'a mobile (010, 011, 016–019) or 070 number, digits only',
  description: '휴대전화, digits only: 01012345678',
});
export const PersonName = Type.String({ minLength: 1, maxLength: 45 });

/** A login checks the password, not its rule: an account made before a rule changed can still sign in. */
export const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 80 }),
  password: Type.String({ minLength: 1, maxLength: 100 }),
});

export const NewAccount = Type.Object({ name: PersonName, email: Email, password: Password, phone: Phone });
/** The e-mail is the sign-in name and never changes (the seed's rule). */
export const AccountChange = Type.Object({ name: PersonName, password: Password, phone: Phone });

export const AccountParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'the account' }) });
