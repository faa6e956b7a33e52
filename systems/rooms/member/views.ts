import type { IssuedToken } from '@mosaic/kit/auth';
import { koreaDtm } from '../contracts/times.ts';
import type { MemberRow } from './store.ts';

/** A member as answered: never the password hash. */
export const memberView = (m: MemberRow) => ({
  id: m.id,
  userId: m.user_id,
  name: m.name,
  email: m.email,
  role: m.role,
  createdAt: koreaDtm(m.created_at),
});

export const signedInView = (member: MemberRow, issued: IssuedToken) => ({
  accessToken: issued.token,
  tokenType: 'Bearer',
  expiresAt: koreaDtm(new Date(issued.expiresAt * 1000)),
  member: memberView(member),
});
