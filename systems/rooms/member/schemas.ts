import { stringEnum, Type } from '@mosaic/kit/http';
import { UserId } from '../contracts/accounts.ts';
import { ROLES } from '../contracts/events.ts';

const Password = Type.String({ minLength: 8, maxLength: 200, description: 'at least 8 characters' });

export const Login = Type.Object({
  userId: UserId('your 5-digit member id'),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const NewMember = Type.Object({
  userId: UserId('the new member’s 5-digit id, unique in the office'),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({
    pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    maxLength: 200,
    'x-pattern-means': 'an e-mail address, like kim@office.example',
  }),
  role: stringEnum(ROLES, { description: 'member (books rooms) or admin (also approves, denies, adds rooms)' }),
  password: Password,
});

export const MemberParams = Type.Object({ userId: UserId('the member') });
