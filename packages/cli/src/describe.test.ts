import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { pagePath } from './describe.ts';
import { withReference } from './reference/reference.ts';
import { SYSTEMS } from './systems.ts';

describe('the reference pages in docs/systems', () => {
  it.each(SYSTEMS.map((s) => [s.name, s] as const))(
    '%s.md carries the reference its definitions give today (else: npm run mosaic -- describe --write)',
    async (_name, system) => {
      const page = await readFile(pagePath(system.name), 'utf8');
      expect(page).toBe(withReference(page, system));
    },
  );
});
