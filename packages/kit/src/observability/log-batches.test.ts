import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogBatches } from './log-batches.ts';

const KIT = join(dirname(fileURLToPath(import.meta.url)), '..');

function recordingSink() {
  const writes: string[] = [];
  return { writes, sink: { write: (batch: string) => void writes.push(batch) } };
}

describe('LogBatches', () => {
  const made: LogBatches[] = [];
  const batches = (...args: ConstructorParameters<typeof LogBatches>) => {
    const b = new LogBatches(...args);
    made.push(b);
    return b;
  };
  afterEach(() => {
    vi.useRealTimers();
    for (const b of made.splice(0)) b.close();
  });

  it('holds lines until they fill a batch, then writes them in one piece, in order', () => {
    const { writes, sink } = recordingSink();
    const log = batches(sink, { maxChars: 20, maxDelayMs: 60_000 });
    log.write('one 56789\n');
    expect(writes).toEqual([]);
    log.write('two 56789\n');
    log.write('three\n');
    expect(writes).toEqual(['one 56789\ntwo 56789\n']);
    log.flush();
    expect(writes).toEqual(['one 56789\ntwo 56789\n', 'three\n']);
  });

  it('writes a partial batch once its first line has waited maxDelayMs', () => {
    vi.useFakeTimers();
    const { writes, sink } = recordingSink();
    const log = batches(sink, { maxChars: 4096, maxDelayMs: 100 });
    log.write('a\n');
    vi.advanceTimersByTime(50);
    log.write('b\n');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(writes).toEqual(['a\nb\n']);
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual(['a\nb\n']); // nothing new, nothing written
  });

  it('writes nothing for an empty flush and calls back', () => {
    const { writes, sink } = recordingSink();
    const done = vi.fn();
    batches(sink).flush(done);
    expect(writes).toEqual([]);
    expect(done).toHaveBeenCalledOnce();
  });

  it('loses no line when the process exits right after logging', () => {
    // The runtime's own logger, in a child that logs and exits at once: the last lines must reach stdout.
    const script = [
      `import { createLogger } from ${JSON.stringify(join(KIT, 'observability/logger.ts'))};`,
      `const logger = createLogger({ level: 'info' });`,
      `for (let i = 0; i < 3; i++) logger.info({ i }, 'line');`,
      `process.exit(0);`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { i: number; msg: string });
    expect(lines.map((l) => [l.i, l.msg])).toEqual([
      [0, 'line'],
      [1, 'line'],
      [2, 'line'],
    ]);
  });
});
