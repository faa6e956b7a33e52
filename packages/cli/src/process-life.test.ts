import { describe, expect, it } from 'vitest';
import { listenPort } from './process-life.ts';

describe('the port a process listens on', () => {
  it('is MOSAIC_PORT when set (0: any free port), else the declared one', () => {
    expect(listenPort(8081, {})).toBe(8081);
    expect(listenPort(8081, { MOSAIC_PORT: '0' })).toBe(0);
    expect(listenPort(8081, { MOSAIC_PORT: '9000' })).toBe(9000);
  });

  it('refuses what is not a port, saying what it expects', () => {
    expect(() => listenPort(8081, { MOSAIC_PORT: 'http' })).toThrow(/MOSAIC_PORT="http" must be a port number from 0/);
    expect(() => listenPort(8081, { MOSAIC_PORT: '70000' })).toThrow(/65535/);
  });
});
