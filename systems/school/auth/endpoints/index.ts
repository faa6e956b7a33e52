import { adminEndpoints } from './admin.ts';
import { parentEndpoints } from './parents.ts';
import { signInEndpoints } from './sign-in.ts';
import { signUpEndpoints } from './sign-up.ts';
import { studentEndpoints } from './students.ts';
import { teacherEndpoints } from './teachers.ts';

/** Every route of auth, by theme (spec §1.1 plus logout, certification, profile images, the outbox, keys). */
export const authEndpoints = [
  ...signInEndpoints,
  ...studentEndpoints,
  ...signUpEndpoints,
  ...teacherEndpoints,
  ...parentEndpoints,
  ...adminEndpoints,
];
