import { REASONS, type Reason } from '@mosaic/kit/http';
import type { SystemDefinition } from '@mosaic/kit/runtime';
import { code, markdownTable } from './markdown.ts';

/**
 * How each of the kit's refusals reads in this system: RFC 9457 problem details, or the system's own body
 * (its `errorBody`), shown for the gateway with the detail left out.
 */
export function errorsSection(system: SystemDefinition): string {
  const { errorBody } = system.gateway;
  // A gateway that checks no tokens never answers with a token's reasons.
  const reasons = (Object.keys(REASONS) as Reason[]).filter(
    (reason) => system.gateway.auth || !/^(token|authorization)-/.test(reason),
  );
  const rows = reasons.map((reason) => {
    const { status, action } = REASONS[reason];
    const body = errorBody
      ? JSON.stringify(
          Object.fromEntries(
            Object.entries(
              errorBody({ status, reason, detail: '…', requestId: '…' }) as Record<string, unknown>,
            ).filter(([, value]) => value !== '…'),
          ),
        )
      : JSON.stringify({ type: `urn:mosaic:problem:${reason}`, status });
    return [code(reason), String(status), code(body), action];
  });
  const format = errorBody
    ? "The system's own error body (the gateway's; services add their domain codes)."
    : 'RFC 9457 problem details (`application/problem+json`), with `detail` saying what was wrong.';
  return ['## Errors', format, markdownTable(['Reason', 'Status', 'Body', 'What to do'], rows)].join('\n\n');
}
