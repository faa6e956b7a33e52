import type { Outboxes, OutboxInfo } from '../../../src/api.ts';
import { outboxLabel } from '../outbox-label.ts';
import { Badge, Payload, Section, Status, Time, Unreachable } from '../parts.tsx';
import { useResource } from '../use-resource.ts';

export function OutboxesView() {
  const outboxes = useResource<Outboxes>('/outboxes', 3000);
  const list = outboxes.data?.outboxes ?? [];
  const pending = list.reduce((n, o) => n + o.pending, 0);
  const deleting = list.some((o) => o.keepsPublished === false);
  return (
    <div data-testid="view-outboxes">
      <div class="view-head">
        <h1>Outboxes</h1>
        {outboxes.data && (
          <p class="muted">
            {list.length} outboxes · {pending === 0 ? 'nothing waiting for the relay' : `${pending} rows waiting`}
          </p>
        )}
      </div>
      <Unreachable processes={outboxes.data?.unreachable} />
      <Status
        loading={outboxes.loading}
        error={outboxes.error}
        empty={list.length === 0}
        emptyText="No service has an outbox."
      />
      {list.length > 0 && (
        <Section title="Per service" testId="outboxes-summary">
          {deleting && (
            <p class="muted small">
              Where the relay deletes a row once the bus has it, only the rows still waiting are listed.
            </p>
          )}
          <table class="table">
            <thead>
              <tr>
                <th>Service</th>
                <th class="num">Pending</th>
                <th>Oldest waiting</th>
                <th class="num">Rows listed</th>
              </tr>
            </thead>
            <tbody>
              {list.map((outbox) => (
                <tr key={outboxLabel(outbox)} data-testid="outbox" data-outbox={outboxLabel(outbox)}>
                  <td>
                    {outboxLabel(outbox)}
                    {outbox.description && <div class="muted small">{outbox.description}</div>}
                  </td>
                  <td class="num">
                    <Badge tone={outbox.pending > 0 ? 'warn' : 'ok'} testId="outbox-pending">
                      {outbox.pending}
                    </Badge>
                  </td>
                  <td>{oldestWaiting(outbox)}</td>
                  <td class="num">{outbox.recent.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {list
        .filter((outbox) => outbox.recent.length > 0)
        .map((outbox) => (
          <OutboxRows key={outboxLabel(outbox)} outbox={outbox} />
        ))}
    </div>
  );
}

function oldestWaiting(outbox: OutboxInfo) {
  const waiting = outbox.recent.filter((row) => !row.publishedAt).map((row) => row.createdAt);
  if (waiting.length === 0) return <span class="muted">–</span>;
  return <Time at={waiting.sort()[0]} />;
}

function OutboxRows({ outbox }: { outbox: OutboxInfo }) {
  return (
    <Section
      title={outboxLabel(outbox)}
      testId="outbox-rows"
      data={{ outbox: outboxLabel(outbox) }}
      aside={<span class="muted">{outbox.keepsPublished === false ? 'waiting rows' : 'latest rows'}</span>}
    >
      <table class="table">
        <thead>
          <tr>
            <th>Created</th>
            <th>Type</th>
            <th>Subject</th>
            <th>Published</th>
            <th>Payload</th>
          </tr>
        </thead>
        <tbody>
          {outbox.recent.map((row) => (
            <tr key={row.id} data-testid="outbox-row" data-id={row.id}>
              <td>
                <Time at={row.createdAt} />
              </td>
              <td class="mono">{row.type}</td>
              <td class="mono">{row.subject ?? <span class="muted">–</span>}</td>
              <td>{row.publishedAt ? <Time at={row.publishedAt} /> : <Badge tone="warn">waiting</Badge>}</td>
              <td class="payload-cell">
                <Payload value={row.payload} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
