import type { SpanView } from '../../src/api.ts';

export interface SpanRow {
  span: SpanView;
  depth: number;
}

/**
 * Spans in tree order: each under its parent, siblings by start. A span whose parent was not seen (not
 * exported yet, or from a process that does not export) starts a tree of its own rather than vanish.
 */
export function treeOrder(spans: SpanView[]): SpanRow[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanView[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.startMs - b.startMs);
  const rows: SpanRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of children.get(parent) ?? []) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  // Parents that name each other in a ring reach no root: shown at the top level rather than lost.
  if (rows.length < spans.length) {
    const placed = new Set(rows.map((row) => row.span.spanId));
    for (const span of spans) if (!placed.has(span.spanId)) rows.push({ span, depth: 0 });
  }
  return rows;
}
