import { useState } from 'preact/hooks';
import type { DeadLetterInfo, Messaging, QueueInfo, RedriveRequest, ReplayRequest } from '../../../src/api.ts';
import { postJson } from '../api-client.ts';
import { ageOf, count, rate } from '../format.ts';
import { Badge, Payload, Section, Status, Time, Unreachable } from '../parts.tsx';
import { useResource } from '../use-resource.ts';

export function MessagingView() {
  const messaging = useResource<Messaging>('/messaging', 3000);
  const data = messaging.data;
  return (
    <div data-testid="view-messaging">
      <div class="view-head">
        <h1>Messaging</h1>
      </div>
      <Unreachable processes={data?.unreachable} />
      <Status loading={messaging.loading} error={messaging.error} empty={!data} emptyText="" />
      {data && (
        <>
          <Groups groups={data.groups} />
          <Queues queues={data.queues} onChange={messaging.reload} />
          <DeadLetters letters={data.deadLetters} onChange={messaging.reload} />
        </>
      )}
    </div>
  );
}

function Groups({ groups }: { groups: Messaging['groups'] }) {
  const maxLag = Math.max(1, ...groups.map((g) => g.lag));
  return (
    <Section title="Consumer groups" testId="groups" aside={<span class="muted">{groups.length}</span>}>
      {groups.length === 0 ? (
        <p class="muted">No consumer group.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Group</th>
              <th>Service</th>
              <th class="num">Lag</th>
              <th class="bar-cell" />
              <th class="num">Handled / s</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={`${g.system} ${g.group}`} data-testid="group" data-group={g.group}>
                <td class="mono">{g.group}</td>
                <td>
                  {g.system}/{g.service}
                </td>
                <td class={`num${g.lag > 0 ? ' text-warn' : ''}`} data-testid="group-lag">
                  {count(g.lag)}
                </td>
                <td class="bar-cell">
                  {/* Lag against the most lagging group: which one falls behind, at a glance. */}
                  <div class="meter">
                    <div class="meter-fill" style={{ width: `${(g.lag / maxLag) * 100}%` }} />
                  </div>
                </td>
                <td class="num">{rate(g.throughput)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Queues({ queues, onChange }: { queues: QueueInfo[]; onChange: () => void }) {
  return (
    <Section title="Work queues" testId="queues" aside={<span class="muted">{queues.length}</span>}>
      {queues.length === 0 ? (
        <p class="muted">No work queue.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Queue</th>
              <th>Service</th>
              <th class="num">Depth</th>
              <th class="num">In flight</th>
              <th class="num">Oldest</th>
              <th class="num">Dead</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={`${q.system} ${q.service} ${q.queue}`} data-testid="queue" data-queue={q.queue}>
                <td class="mono">{q.queue}</td>
                <td>
                  {q.system}/{q.service}
                </td>
                <td class="num" data-testid="queue-depth">
                  {count(q.depth)}
                </td>
                <td class="num">{count(q.inFlight)}</td>
                <td class="num">{q.depth > 0 ? ageOf(q.oldestAgeSec) : '–'}</td>
                <td class={`num${q.deadLetters > 0 ? ' text-bad' : ''}`}>{count(q.deadLetters)}</td>
                <td class="actions">
                  {q.deadLetters > 0 && (
                    <ActionButton
                      label="Redrive all"
                      testId="queue-redrive"
                      act={() =>
                        postJson('/queues/redrive', {
                          system: q.system,
                          service: q.service,
                          queue: q.queue,
                        } satisfies RedriveRequest)
                      }
                      done={onChange}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function DeadLetters({ letters, onChange }: { letters: DeadLetterInfo[]; onChange: () => void }) {
  const waiting = letters.filter((l) => !l.replayedAt).length;
  return (
    <Section
      title="Dead letters"
      testId="dead-letters"
      aside={<span class="muted">{letters.length === 0 ? 'none' : `${waiting} waiting of ${letters.length}`}</span>}
    >
      {letters.length === 0 ? (
        <p class="muted" data-testid="no-dead-letters">
          No dead letter.
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Failed</th>
              <th>From</th>
              <th>Type</th>
              <th>Error</th>
              <th class="num">Attempts</th>
              <th>Payload</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {letters.map((letter) => (
              <tr
                key={`${letter.system} ${letter.service} ${letter.id}`}
                data-testid="dead-letter"
                data-id={letter.id}
                data-kind={letter.kind}
              >
                <td>
                  <Time at={letter.failedAt} />
                </td>
                <td>
                  <Badge tone="neutral">{letter.kind}</Badge> <span class="mono">{letter.from}</span>
                  <div class="muted small">
                    {letter.system}/{letter.service}
                  </div>
                </td>
                <td class="mono">{letter.type}</td>
                <td class="reason text-bad" data-testid="dead-letter-error">
                  {letter.error}
                </td>
                <td class="num">{letter.attempts}</td>
                <td class="payload-cell">
                  <Payload value={letter.payload} testId="dead-letter-payload" />
                </td>
                <td class="actions">
                  <LetterAction letter={letter} onChange={onChange} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function LetterAction({ letter, onChange }: { letter: DeadLetterInfo; onChange: () => void }) {
  if (letter.replayedAt) {
    return (
      <span class="muted small" data-testid="replayed">
        {letter.kind === 'event' ? 'replayed' : 'redriven'} <Time at={letter.replayedAt} />
      </span>
    );
  }
  if (letter.kind === 'event') {
    return (
      <ActionButton
        label="Replay"
        testId="replay"
        act={() =>
          postJson('/dead-letters/replay', {
            system: letter.system,
            service: letter.service,
            id: letter.id,
          } satisfies ReplayRequest)
        }
        done={onChange}
      />
    );
  }
  return (
    <ActionButton
      label="Redrive"
      testId="redrive"
      act={() =>
        postJson('/queues/redrive', {
          system: letter.system,
          service: letter.service,
          queue: letter.from,
          ids: [letter.id],
        } satisfies RedriveRequest)
      }
      done={onChange}
    />
  );
}

/** A button that POSTs once, says it is busy meanwhile, and shows why when the server refused. */
function ActionButton({
  label,
  act,
  done,
  testId,
}: {
  label: string;
  act: () => Promise<unknown>;
  done: () => void;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string>();
  return (
    <>
      <button
        type="button"
        class="small-button"
        disabled={busy}
        data-testid={testId}
        onClick={async () => {
          setBusy(true);
          setFailed(undefined);
          try {
            await act();
            done();
          } catch (error) {
            setFailed(error instanceof Error ? error.message : String(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? '…' : label}
      </button>
      {failed && (
        <div class="text-bad small" data-testid="action-error">
          {failed}
        </div>
      )}
    </>
  );
}
