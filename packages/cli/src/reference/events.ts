import type { SystemDefinition } from '@mosaic/kit/runtime';
import { code, markdownTable } from './markdown.ts';

interface ObjectSchema {
  properties?: Record<string, { type?: unknown; const?: unknown; anyOf?: { const?: unknown }[] }>;
  required?: readonly string[];
}

/** A field list a person reads: `orderId*` is required; a literal shows its value. */
function fieldsOf(schema: ObjectSchema): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, field]) => {
      const values = field.const !== undefined ? [field.const] : (field.anyOf ?? []).map((a) => a.const);
      const literal = values.length > 0 && values.every((v) => v !== undefined) ? ` = ${values.join(' | ')}` : '';
      return `${name}${required.has(name) ? '*' : ''}${literal}`;
    })
    .join(', ');
}

/** Each event of the system with its fields, and which service policies (and saga records) handle it. */
export function eventsSection(system: SystemDefinition): string {
  if (!system.events) return '## Events\n\nThis system publishes no events.';
  const rows = Object.entries(system.events.schemas).map(([type, schema]) => {
    const handlers = system.services.flatMap(({ definition }) => [
      ...Object.entries(definition.policies ?? {})
        .filter(([, policy]) => policy.on.includes(type))
        .map(([name]) => `${definition.name}.${name}`),
      ...(definition.sagas ?? [])
        .filter(({ saga }) => saga.events.includes(type))
        .map(({ saga }) => `${definition.name} (${saga.name} saga record)`),
    ]);
    return [code(type), fieldsOf(schema as ObjectSchema), handlers.join(', ')];
  });
  return [
    '## Events\n\nEach checked against its schema before a handler sees it (a mismatch is dead-lettered with the reason). `*` marks a required field.',
    markdownTable(['Event', 'Fields', 'Handled by'], rows),
  ].join('\n\n');
}
