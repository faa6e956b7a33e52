import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runWithWork } from './context.ts';
import { createLogger } from './logger.ts';
import { contextOfTraceparent, tracerFor } from './tracing.ts';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
}

describe('the process logger', () => {
  it('stamps each line with the request id and the trace and span ids of the work in progress', () => {
    const { lines, logger } = capturedLogger();
    const tracer = tracerFor({ system: 'test', service: 'logger' });
    const parent = contextOfTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const span = tracer.startSpan('work', {}, parent);
    context.with(trace.setSpan(parent, span), () =>
      runWithWork({ requestId: 'req-7' }, () => logger.info('inside the request')),
    );
    logger.info('outside any work');
    expect(lines[0]).toMatchObject({
      msg: 'inside the request',
      requestId: 'req-7',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: span.spanContext().spanId,
    });
    expect(lines[1]).not.toHaveProperty('traceId');
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});
