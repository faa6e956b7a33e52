import { randomInt } from 'node:crypto';

/** `club-` + 12 digits, as the seed. */
export const newClubUuid = () => `club-${digits(12)}`;
/** `recruitment-` + 12 digits, as the seed. */
export const newRecruitmentUuid = () => `recruitment-${digits(12)}`;

function digits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}
