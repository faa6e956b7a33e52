import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route.ts';

describe('the hash routes', () => {
  it('reads the view, the rest of its path and its query', () => {
    const route = parseRoute('#/traces/0af7651916cd43dd8448eb211c80319c');
    expect(route.view).toBe('traces');
    expect(route.rest).toEqual(['0af7651916cd43dd8448eb211c80319c']);
    expect(parseRoute('#/sagas?subject=42').params.get('subject')).toBe('42');
  });

  it('opens the topology for an empty or unknown hash', () => {
    expect(parseRoute('').view).toBe('topology');
    expect(parseRoute('#/nowhere').view).toBe('topology');
  });

  it('writes links that read back the same, whatever the subject holds', () => {
    const link = href('sagas', [], { subject: 'order 42/a?b&c' });
    expect(parseRoute(link).params.get('subject')).toBe('order 42/a?b&c');
    expect(parseRoute(href('traces', ['a/b'])).rest).toEqual(['a/b']);
  });
});
