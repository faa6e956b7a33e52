import { describe, expect, it } from 'vitest';
import { unsafePath } from './route.ts';

describe('unsafe paths (route stage)', () => {
  it.each(['/orders', '/orders/7', '/a/b.json', '/a/.well-known/x', '/files/%20name', '/a/%252e%252e', '/a/..b', '/'])(
    'lets %s through',
    (path) => {
      expect(unsafePath(path)).toBeUndefined();
    },
  );

  it.each([
    ['/a/../b', "'.' or '..'"],
    ['/a/./b', "'.' or '..'"],
    ['/a/%2e%2E/b', "'.' or '..'"],
    ['/a/..', "'.' or '..'"],
    ['/a%2Fb', 'slash'],
    ['/a/..%2fb', 'slash'],
    ['/a/%5c', 'slash'],
    ['/a\\b', 'backslash'],
    ['/a/%00', 'NUL'],
    ['/a/%zz', 'percent-encoding'],
  ])('refuses %s', (path, why) => {
    expect(unsafePath(path)).toContain(why);
  });
});
