import { useEffect, useState } from 'preact/hooks';

export const views = ['topology', 'live', 'breakers', 'messaging', 'sagas', 'traces', 'outboxes'] as const;
export type View = (typeof views)[number];

export interface Route {
  view: View;
  /** What follows the view in the path: `#/traces/<id>` → [`<id>`]. */
  rest: string[];
  params: URLSearchParams;
}

/** `#/sagas?subject=42`, `#/traces/<traceId>`: a view, the rest of its path and its query. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [first = '', ...rest] = path.split('/').map((part) => decodeURIComponent(part));
  const view = (views as readonly string[]).includes(first) ? (first as View) : 'topology';
  return { view, rest: rest.filter(Boolean), params: new URLSearchParams(query) };
}

export function href(view: View, rest: string[] = [], params: Record<string, string> = {}): string {
  const path = [view, ...rest.map(encodeURIComponent)].join('/');
  const query = new URLSearchParams(params).toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return parseRoute(hash);
}
