import { describe, expect, it } from 'vitest';
import type { ChildStatus } from './child.ts';
import { createStatusView, statusLine, statusTable, terminalRows } from './status.ts';

const spec = {
  name: 'fishdelivery/store#1',
  args: ['run', 'fishdelivery/store'],
  port: 0,
  kind: 'service' as const,
  system: 'fishdelivery',
  service: 'store',
};

/** A stand-in for stdout that keeps what was written. */
function screen(tty: boolean) {
  const stream = {
    isTTY: tty,
    columns: 200,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

const gatewaySpec = {
  name: 'fishdelivery/gateway',
  args: ['gateway', 'fishdelivery'],
  port: 0,
  kind: 'gateway' as const,
  system: 'fishdelivery',
};

describe('the supervisor status', () => {
  it('prints one line per change with process, pid, port, readiness and restarts', () => {
    const ready: ChildStatus = { spec, phase: 'ready', pid: 41, port: 40123, restarts: 0 };
    expect(statusLine(ready)).toBe('fishdelivery/store#1 pid=41 port=40123 ready=yes restarts=0 state=ready');
  });

  it('says when a crashed process will be started again and how it ended', () => {
    const waiting: ChildStatus = { spec, phase: 'backoff', restarts: 2, lastExit: 'SIGKILL', nextStartAt: 3_000 };
    expect(statusLine(waiting, 1_000)).toBe(
      'fishdelivery/store#1 pid=- port=- ready=no restarts=2 state=restarting in 2 s (last: SIGKILL)',
    );
  });

  it('draws an aligned table with a header for the terminal', () => {
    const text = statusTable([
      { spec, phase: 'ready', pid: 41, port: 40123, restarts: 1, lastExit: 'exit 1' },
      { spec: { ...spec, name: 'fishdelivery/gateway' }, phase: 'starting', pid: 42, restarts: 0 },
    ]);
    expect(text.split('\n')).toEqual([
      'process               pid  port   ready  restarts  state',
      '--------------------  ---  -----  -----  --------  -------------------------',
      'fishdelivery/store#1  41   40123  yes    1         ready (last exit: exit 1)',
      'fishdelivery/gateway  42   -      no     0         starting',
    ]);
  });

  it('counts the terminal rows a redraw covers, wrapped lines and wide characters included', () => {
    expect(terminalRows('a\nbb\n', 80)).toBe(2);
    expect(terminalRows(`${'x'.repeat(100)}\nshort\n`, 80)).toBe(3);
    expect(terminalRows(`${'x'.repeat(80)}\n`, 80)).toBe(1);
    // 41 Hangul syllables are 82 columns wide: two rows on an 80-column terminal.
    expect(terminalRows(`${'김'.repeat(41)}\n`, 80)).toBe(2);
    expect(terminalRows('a\n\nb\n', undefined)).toBe(3);
  });

  it('prints where a gateway listens when it becomes ready, port picked by the system included (--ephemeral)', () => {
    const out = screen(false);
    const starting: ChildStatus = { spec: gatewaySpec, phase: 'starting', pid: 43, restarts: 0 };
    const view = createStatusView(
      () => [starting],
      () => 'logs: /tmp',
      out as unknown as NodeJS.WriteStream,
    );
    view.changed(starting);
    expect(out.text).not.toContain('http://');
    view.changed({ ...starting, phase: 'ready', port: 40125, url: 'http://127.0.0.1:40125' });
    expect(out.text.split('\n')).toContain('fishdelivery gateway: http://127.0.0.1:40125');
  });

  it('shows the ready gateways under the table on a terminal', () => {
    const out = screen(true);
    const ready: ChildStatus = {
      spec: gatewaySpec,
      phase: 'ready',
      pid: 43,
      port: 40125,
      url: 'http://127.0.0.1:40125',
      restarts: 0,
    };
    const view = createStatusView(
      () => [ready],
      () => 'logs: /tmp',
      out as unknown as NodeJS.WriteStream,
    );
    view.start();
    view.stop();
    expect(out.text.split('\n').slice(-3)).toEqual(['fishdelivery gateway: http://127.0.0.1:40125', 'logs: /tmp', '']);
  });
});
