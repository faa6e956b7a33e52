import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(import.meta.dirname, 'README.md');
const HEADER =
  '# Benchmarks\n\nRun with `npm run bench -- <name>`. Numbers below are from the last run on the project machine.\n';

/**
 * Puts `section` (which starts with `<!-- name:start -->` and ends with `<!-- name:end -->`) into
 * bench/README.md in place of the previous one, or appends it; the hand-written analysis around it stays.
 */
export function replaceReadmeSection(name: string, section: string): void {
  let text: string;
  try {
    text = readFileSync(README, 'utf8');
  } catch {
    text = HEADER;
  }
  const open = `<!-- ${name}:start -->`;
  const close = `<!-- ${name}:end -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  text =
    start !== -1 && end !== -1
      ? text.slice(0, start) + section + text.slice(end + close.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(README, text);
}
