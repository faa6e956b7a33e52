import { describe, expect, it } from 'vitest';
import { table } from './table.ts';

describe('a plain-text table', () => {
  it('lines its columns up in terminal columns, two for each Korean character', () => {
    expect(
      table(
        ['name', 'role'],
        [
          ['김민준', 'student'],
          ['admin', 'admin'],
        ],
      ).split('\n'),
    ).toEqual(['name    role', '------  -------', '김민준  student', 'admin   admin']);
  });
});
