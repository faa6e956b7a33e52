import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ago, when } from './format.ts';

/** What every view shows while it waits, when it failed, or when there is nothing to show. */
export function Status({
  loading,
  error,
  empty,
  emptyText,
}: {
  loading: boolean;
  error: string | undefined;
  empty: boolean;
  emptyText: string;
}) {
  if (error) {
    return (
      <p class="notice notice-error" data-testid="error">
        {error}
      </p>
    );
  }
  if (loading && empty) return <p class="notice">Loading…</p>;
  if (empty) {
    return (
      <p class="notice" data-testid="empty">
        {emptyText}
      </p>
    );
  }
  return null;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

export function Badge({ tone, children, testId }: { tone: Tone; children: ComponentChildren; testId?: string }) {
  return (
    <span class={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A payload kept folded: one line of it in the table, the whole of it, indented, on demand. */
export function Payload({ value, testId }: { value: unknown; testId?: string }) {
  const [open, setOpen] = useState(false);
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  const line = JSON.stringify(value) ?? 'undefined';
  return (
    <div class="payload" data-testid={testId}>
      <button
        type="button"
        class="link payload-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="payload-toggle"
      >
        {open ? '▾' : '▸'} <code class="payload-line">{line.length > 80 ? `${line.slice(0, 80)}…` : line}</code>
      </button>
      {open && (
        <pre class="payload-full" data-testid="payload-full">
          {text}
        </pre>
      )}
    </div>
  );
}

/** An absolute time with how long ago it was on hover: operators ask both. */
export function Time({ at }: { at: string | number | null | undefined }) {
  if (at === null || at === undefined) return <span class="muted">–</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={ago(at)}>
      {when(at)}
    </time>
  );
}

export function Section({
  title,
  children,
  aside,
  testId,
  data,
}: {
  title: string;
  children: ComponentChildren;
  aside?: ComponentChildren;
  testId?: string;
  /** data-* attributes, for tests to find a section by what it shows. */
  data?: Record<string, string>;
}) {
  const attributes = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <section class="panel" data-testid={testId} {...attributes}>
      <header class="panel-head">
        <h2>{title}</h2>
        {aside && <div class="panel-aside">{aside}</div>}
      </header>
      {children}
    </section>
  );
}

/** Processes that did not answer for this view: what is shown may be missing their part. */
export function Unreachable({ processes }: { processes: string[] | undefined }) {
  if (!processes || processes.length === 0) return null;
  return (
    <p class="notice notice-warn" data-testid="unreachable">
      Not answering, so missing from this view: <span class="mono">{processes.join(', ')}</span>
    </p>
  );
}
