import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getJson, onAuthChange } from './api-client.ts';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** When the data last arrived (epoch ms). */
  updatedAt: number | undefined;
  reload: () => void;
}

/**
 * GETs `path` now, again every `everyMs` (when given) and whenever the operator token changes. The data
 * seen last stays on screen while the next answer is on its way, so a refresh never blanks the view.
 */
export function useResource<T>(path: string | null, everyMs?: number): Resource<T> {
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: path !== null,
    updatedAt: undefined,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const latestPath = useRef(path);
  latestPath.current = path;

  // A new path is a new question: forget the old answer rather than show it under the new heading.
  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: path !== null, updatedAt: undefined });
  }, [path]);

  // `tick` is in the dependencies only to make `reload` ask again.
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(path, abort.signal).then(
      (data) => {
        if (latestPath.current === path) setState({ data, error: undefined, loading: false, updatedAt: Date.now() });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error), loading: false }));
      },
    );
    return () => abort.abort();
  }, [path, tick]);

  useEffect(() => {
    if (!everyMs || path === null) return;
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, path, reload]);

  useEffect(() => onAuthChange(reload), [reload]);

  return { ...state, reload };
}
