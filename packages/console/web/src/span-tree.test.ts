import { describe, expect, it } from 'vitest';
import type { SpanView } from '../../src/api.ts';
import { treeOrder } from './span-tree.ts';

function span(spanId: string, parentSpanId: string | null, startMs: number): SpanView {
  return {
    spanId,
    parentSpanId,
    name: spanId,
    kind: 'internal',
    system: 'donuts',
    service: 'sales',
    startMs,
    durationMs: 1,
    status: 'unset',
    attributes: {},
  };
}

const order = (spans: SpanView[]) => treeOrder(spans).map((row) => `${row.span.spanId}@${row.depth}`);

describe('the waterfall order of spans', () => {
  it('puts each span under its parent, siblings by start time', () => {
    const spans = [span('c2', 'b', 5), span('a', null, 0), span('b', 'a', 1), span('c1', 'b', 2), span('d', 'a', 3)];
    expect(order(spans)).toEqual(['a@0', 'b@1', 'c1@2', 'c2@2', 'd@1']);
  });

  it('starts a tree at a span whose parent was not received, instead of dropping it', () => {
    expect(order([span('a', null, 0), span('orphan', 'never-seen', 1), span('child', 'orphan', 2)])).toEqual([
      'a@0',
      'orphan@0',
      'child@1',
    ]);
  });

  it('keeps spans whose parents name each other, at the top level', () => {
    expect(order([span('x', 'y', 0), span('y', 'x', 1)]).sort()).toEqual(['x@0', 'y@0']);
  });
});
