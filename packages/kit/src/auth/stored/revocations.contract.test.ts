import { afterAll, describe } from 'vitest';
import { openPGlite } from '../../store/pglite/pglite.ts';
import { revocationsContract } from '../../testing/conformance/revocations.ts';
import { createStoredRevocations } from './revocations.ts';

describe('stored revocations (PGlite)', () => {
  // One PGlite for the file (opening one takes seconds), a schema of its own for each adapter.
  const pglite = openPGlite();
  afterAll(async () => (await pglite).close());
  let adapters = 0;
  revocationsContract(async () => createStoredRevocations(await (await pglite).forService(`revoked_${++adapters}`)));
});
