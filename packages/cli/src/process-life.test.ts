import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenPort, onStopSignals } from './process-life.ts';

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

describe('a stop signal', () => {
  afterEach(() => vi.useRealTimers());

  it('stops gracefully on the first, counts the same Ctrl-C arriving twice once, and insists on a later one', () => {
    vi.useFakeTimers();
    const graceful = vi.fn();
    const insist = vi.fn();
    const onSignal = onStopSignals(graceful, insist);
    try {
      onSignal('SIGINT');
      onSignal('SIGTERM'); // the same stop, from the supervisor, 0 ms later
      expect(graceful).toHaveBeenCalledExactlyOnceWith('SIGINT');
      expect(insist).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1_500);
      onSignal('SIGINT');
      expect(insist).toHaveBeenCalledExactlyOnceWith('SIGINT');
      expect(graceful).toHaveBeenCalledTimes(1);
    } finally {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    }
  });
});
