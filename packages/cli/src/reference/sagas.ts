import type { SystemDefinition } from '@mosaic/kit/runtime';
import { code, markdownTable } from './markdown.ts';

/** Each saga's map: who does each step, on which event, and what undoes it. */
export function sagasSection(system: SystemDefinition): string {
  const sagas = system.services.flatMap(({ definition }) => (definition.sagas ?? []).map(({ saga }) => saga));
  if (sagas.length === 0) return '## Sagas\n\nNone.';
  const parts = ['## Sagas'];
  for (const saga of sagas) {
    parts.push(
      `### ${saga.name}\n\nKept by ${saga.owner} (\`GET /admin/sagas/${saga.name}/<${saga.subject}>\` on it, with an ` +
        `operator token), one instance per ${saga.subject}; ${code(saga.cancelledBy)} cancels it.`,
    );
    parts.push(
      markdownTable(
        ['Step', 'By', 'Starts on', 'Under way', 'Done', 'Undone by', 'Timeout'],
        saga.steps.map((step) => [
          step.name,
          `${step.by}${step.call ? ' (called)' : ''}`,
          code(step.on),
          step.started ? code(step.started) : '',
          code(step.done),
          step.compensate ? code(step.compensate) : '',
          step.timeoutMs ? `${step.timeoutMs / 1000} s` : '',
        ]),
      ),
    );
  }
  return parts.join('\n\n');
}
