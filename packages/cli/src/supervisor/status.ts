import stringWidth from 'string-width';
import { table } from '../table.ts';
import type { ChildStatus } from './child.ts';

const HEADER = ['process', 'pid', 'port', 'ready', 'restarts', 'state'] as const;

function row(status: ChildStatus, now: number): string[] {
  const state =
    status.phase === 'backoff' && status.nextStartAt
      ? `restarting in ${Math.max(0, Math.ceil((status.nextStartAt - now) / 1000))} s (last: ${status.lastExit})`
      : status.phase === 'ready' || status.phase === 'starting'
        ? status.phase + (status.lastExit && status.restarts > 0 ? ` (last exit: ${status.lastExit})` : '')
        : status.phase;
  return [
    status.spec.name,
    status.pid === undefined ? '-' : String(status.pid),
    status.port === undefined ? '-' : String(status.port),
    status.phase === 'ready' ? 'yes' : 'no',
    String(status.restarts),
    state,
  ];
}

/** The whole table, for a terminal that redraws it in place. */
export function statusTable(statuses: readonly ChildStatus[], now = Date.now()): string {
  return table(
    HEADER,
    statuses.map((s) => row(s, now)),
  );
}

/** One line per change, for logs and pipes (a test reads these): `name pid=… port=… ready=… restarts=… state=…`. */
export function statusLine(status: ChildStatus, now = Date.now()): string {
  const cells = row(status, now);
  return `${cells[0]} ${HEADER.slice(1)
    .map((h, i) => `${h}=${cells[i + 1]}`)
    .join(' ')}`;
}

/**
 * Where a gateway listens once it is ready, e.g. `fishdelivery gateway: http://127.0.0.1:40125`: the URL a
 * person curls, and with --ephemeral its port is a free one that nothing else shows.
 */
export function gatewayAddress(status: ChildStatus): string | undefined {
  if (status.spec.kind !== 'gateway' || status.phase !== 'ready' || !status.url) return undefined;
  return `${status.spec.system} gateway: ${status.url}`;
}

/**
 * The terminal rows `text` (ending in a newline) takes: a line wider than the terminal wraps onto more rows,
 * and redrawing in place must move the cursor up by all of them, or the old lines stay on the screen.
 */
export function terminalRows(text: string, columns: number | undefined): number {
  const lines = text.split('\n').slice(0, -1);
  if (!columns || columns <= 0) return lines.length;
  let rows = 0;
  // Columns, not characters: the school demo's Korean names take two each.
  for (const line of lines) rows += Math.max(1, Math.ceil(stringWidth(line) / columns));
  return rows;
}

/**
 * Draws the status where a person looks: on a TTY the table is redrawn in place (cursor up, clear to the
 * end of the screen) every second and on each change, with the ready gateways' URLs below it; otherwise one
 * line is printed per change, and a gateway's URL each time it becomes ready (a restart may move it).
 */
export function createStatusView(
  statuses: () => readonly ChildStatus[],
  footer: () => string,
  out: NodeJS.WriteStream = process.stdout,
) {
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;
  const tty = out.isTTY === true;

  function redraw() {
    const gateways = statuses().flatMap((status) => gatewayAddress(status) ?? []);
    const text = `${[statusTable(statuses()), ...gateways, footer()].join('\n')}\n`;
    if (drawnLines > 0) out.write(`\x1b[${drawnLines}A\x1b[0J`);
    out.write(text);
    drawnLines = terminalRows(text, out.columns);
  }

  return {
    tty,
    start() {
      if (!tty) return;
      redraw();
      timer = setInterval(redraw, 1_000);
      timer.unref();
    },
    changed(status: ChildStatus) {
      if (tty) return redraw();
      out.write(`${statusLine(status)}\n`);
      const address = gatewayAddress(status);
      if (address) out.write(`${address}\n`);
    },
    /** Text for the person at the terminal: below the table on a TTY (with the footer), else printed once. */
    note(text: string) {
      if (tty) redraw();
      else out.write(`${text}\n`);
    },
    /** Stops redrawing, so what comes next is printed below the last table. */
    stop() {
      clearInterval(timer);
      drawnLines = 0;
    },
  };
}
