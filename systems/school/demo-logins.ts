/** A demo account a newcomer can sign in with. */
export interface DemoLogin {
  role: 'teacher' | 'student' | 'parent';
  id: string;
  password: string;
  uuid: string;
  who: string;
}

/**
 * The demo's accounts with fixed ids and passwords (`<id>-pw`): a later start can name them again without any
 * password being stored. demo.ts seeds exactly these; its test checks they agree.
 */
export const DEMO_ACCOUNTS: readonly Omit<DemoLogin, 'password' | 'uuid'>[] = [
  { role: 'teacher', id: 'teacher1', who: '박선생, homeroom 1-1' },
  { role: 'teacher', id: 'teacher2', who: '이선생, homeroom 2-1' },
  { role: 'student', id: 'student1', who: '김민준, 1-1 no. 1' },
  { role: 'student', id: 'student2', who: '이서연, 1-1 no. 2' },
  { role: 'student', id: 'student3', who: '최도윤, 2-1 no. 1' },
  { role: 'parent', id: 'parent1', who: '김부모, parent of 김민준' },
];

export const demoPassword = (id: string) => `${id}-pw`;

/**
 * The demo logins that still work, asked of auth itself: an account removed since, or whose password was
 * changed, is left out rather than printed with a password that no longer signs in.
 */
export async function standingDemoLogins(authUrl: string): Promise<DemoLogin[]> {
  const answers = await Promise.all(
    DEMO_ACCOUNTS.map(async (account): Promise<DemoLogin | undefined> => {
      const password = demoPassword(account.id);
      const response = await fetch(`${authUrl}/v1/login/${account.role}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ [`${account.role}_id`]: account.id, [`${account.role}_pw`]: password }),
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const uuid = body[`${account.role}_uuid`];
      return response.ok && typeof uuid === 'string' ? { ...account, password, uuid } : undefined;
    }),
  );
  return answers.filter((login) => login !== undefined);
}
