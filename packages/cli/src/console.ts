import type { ConsoleSource } from '@mosaic/console/sources/source';
import type { ConsoleChoice } from './console-choice.ts';

export interface OpenedConsole {
  url: string;
  tracesUrl: string;
  /** What a person must know beyond the URL (the token it asks for), or ''. */
  note: string;
  close(): Promise<void>;
}

/**
 * Starts the ops console for `mosaic up`, or nothing with `--no-console`. Its module (and the source's) is
 * loaded only here, so a run without it pays nothing for it. A taken port stops the start with the console's
 * own one-line message (which names --console-port and --no-console).
 */
export async function openConsole(
  choice: ConsoleChoice,
  source: () => Promise<ConsoleSource>,
): Promise<OpenedConsole | undefined> {
  if (choice === false) return undefined;
  const { startConsole, DEFAULT_CONSOLE_HOST } = await import('@mosaic/console');
  const { isLoopback } = await import('@mosaic/console/access');
  const from = await source();
  let started: Awaited<ReturnType<typeof startConsole>>;
  try {
    started = await startConsole({ source: from, ...choice });
  } catch (error) {
    await from.close();
    throw error;
  }
  const host = choice.host ?? DEFAULT_CONSOLE_HOST;
  return {
    url: started.url,
    tracesUrl: started.tracesUrl,
    note: isLoopback(host)
      ? ''
      : ` (bound to ${host}: the page asks for an operator token, \`npm run mosaic -- operator-token <system>\`)`,
    async close() {
      await started.close();
      await from.close();
    },
  };
}
