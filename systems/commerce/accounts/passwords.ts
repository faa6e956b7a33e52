import { hashPassword, verifyPassword } from '@mosaic/kit/auth';
import { HttpError } from '@mosaic/kit/service';

/** Verified against when no account has the e-mail, so an unknown address takes as long as a wrong password. */
const DECOY = hashPassword('decoy-password-1!');

/** What a login needs of an account, whichever table it lives in. */
export interface Credentials {
  id: number;
  password: string;
  status: string;
}

/**
 * The account behind an e-mail and password, or one refusal for every failure: the seed told an unknown
 * e-mail from a wrong password (bug C-B8) and answered 500 for an unregistered account (bug C-B12).
 */
export async function checkCredentials<A extends Credentials>(found: A | undefined, password: string): Promise<A> {
  const matches = await verifyPassword(password, found?.password ?? (await DECOY));
  if (!found || !matches || found.status !== 'REGISTERED') {
    throw new HttpError('not-found', '일치하는 회원 정보가 없습니다', { rule: 'credentials-mismatch' });
  }
  return found;
}
