import type { DestinationStream } from 'pino';

export interface LogBatchOptions {
  /** A batch is written once it holds this many characters (default 4096)… */
  maxChars?: number;
  /** …or this long after its first line (default 100 ms). */
  maxDelayMs?: number;
}

/** Every batcher not yet closed, flushed when the process exits (one exit hook, however many loggers). */
const open = new Set<LogBatches>();
let exitHooked = false;

/**
 * A pino destination that gathers lines and hands them to `sink` in batches. Why not sonic-boom's own
 * `minLength`: it appends each line to one growing string and measures that string's byte length on every
 * write, which flattens it each time. Gathering into an array costs a third as much per line (0.23 against
 * 0.7 µs for an access line, measured alone), which is worth it where a line is written per request. The
 * sink (a synchronous sonic-boom) still does the writing, with its handling of partial writes and full pipes.
 */
export class LogBatches implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxChars: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly sink: DestinationStream,
    options: LogBatchOptions = {},
  ) {
    this.maxChars = options.maxChars ?? 4096;
    this.maxDelayMs = options.maxDelayMs ?? 100;
    open.add(this);
    if (!exitHooked) {
      exitHooked = true;
      // Synchronous writes, so what is still gathered reaches the sink before the process ends.
      process.once('exit', () => {
        for (const batches of open) batches.flush();
      });
    }
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs).unref();
  }

  /** Hands what is gathered to the sink now (pino's `logger.flush()` calls this). */
  flush(done?: (error?: Error) => void): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines.length > 0) {
      const batch = this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
      this.lines = [];
      this.chars = 0;
      this.sink.write(batch);
    }
    done?.();
  }

  /** Flushes and stops taking part in the exit flush. */
  close(): void {
    this.flush();
    open.delete(this);
  }
}
