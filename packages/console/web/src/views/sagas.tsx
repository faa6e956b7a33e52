import { useEffect, useState } from 'preact/hooks';
import type { SagaEventView, Sagas, SagaView } from '../../../src/api.ts';
import { clock, duration, when } from '../format.ts';
import { Badge, Section, Status, type Tone, Unreachable } from '../parts.tsx';
import { href, type Route } from '../route.ts';
import { useResource } from '../use-resource.ts';

const PAGE_SIZE = 20;

function toneOf(status: string): Tone {
  const s = status.toUpperCase();
  if (s === 'COMPLETED') return 'ok';
  if (s === 'RUNNING' || s === 'STARTED') return 'info';
  if (s.startsWith('COMPENSAT')) return 'warn';
  if (s === 'FAILED' || s === 'TIMED_OUT' || s === 'ABORTED') return 'bad';
  return 'neutral';
}

export function SagasView({ route }: { route: Route }) {
  const subject = route.params.get('subject') ?? '';
  const page = route.params.get('page');
  const query = new URLSearchParams({ size: String(PAGE_SIZE) });
  if (subject) query.set('subject', subject);
  if (page) query.set('page', page);
  // Recent instances refresh on their own; one subject's history is looked at, not watched.
  const sagas = useResource<Sagas>(`/sagas?${query}`, subject ? undefined : 5000);
  const instances = sagas.data?.instances ?? [];
  const [typed, setTyped] = useState(subject);
  useEffect(() => setTyped(subject), [subject]);

  const go = (params: Record<string, string>) => {
    location.hash = href('sagas', [], params);
  };

  return (
    <div data-testid="view-sagas">
      <div class="view-head">
        <h1>Sagas</h1>
        <form
          class="search"
          onSubmit={(event) => {
            event.preventDefault();
            go(typed.trim() ? { subject: typed.trim() } : {});
          }}
        >
          <input
            type="search"
            placeholder="Subject, e.g. an order id"
            aria-label="Subject"
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
            data-testid="saga-subject"
          />
          <button type="submit" class="primary" data-testid="saga-search">
            Search
          </button>
          {subject && (
            <a class="link" href={href('sagas')} data-testid="saga-clear">
              recent instances
            </a>
          )}
        </form>
      </div>
      <p class="muted">
        {subject ? (
          <>
            Instances about <strong class="mono">{subject}</strong>
          </>
        ) : (
          'Recent instances, newest first'
        )}
        {sagas.data && ` · ${instances.length} shown`}
      </p>
      <Unreachable processes={sagas.data?.unreachable} />
      <Status
        loading={sagas.loading}
        error={sagas.error}
        empty={instances.length === 0}
        emptyText={subject ? `No saga instance has the subject ${subject}.` : 'No saga instance yet.'}
      />
      {instances.map((instance) => (
        <SagaCard
          key={`${instance.system} ${instance.saga} ${instance.subject} ${instance.startedAt}`}
          saga={instance}
        />
      ))}
      {/* Pages count from 0 (the API's default and minimum). */}
      {sagas.data && (sagas.data.page > 0 || instances.length === sagas.data.size) && (
        <nav class="pager">
          {sagas.data.page > 0 && (
            <button
              type="button"
              onClick={() => go({ ...(subject ? { subject } : {}), page: String(sagas.data!.page - 1) })}
            >
              ← Newer
            </button>
          )}
          {instances.length === sagas.data.size && (
            <button
              type="button"
              onClick={() => go({ ...(subject ? { subject } : {}), page: String(sagas.data!.page + 1) })}
              data-testid="saga-older"
            >
              Older →
            </button>
          )}
        </nav>
      )}
    </div>
  );
}

function SagaCard({ saga }: { saga: SagaView }) {
  const events = [...saga.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // The event that starts a saga is published before the saga's record is written: measure from the earlier.
  const started = Math.min(Date.parse(saga.startedAt), ...events.map((e) => Date.parse(e.at)));
  const end = Math.max(Date.parse(saga.updatedAt), ...events.map((e) => Date.parse(e.at)), started + 1);
  const span = end - started;
  const running = saga.status.toUpperCase() === 'RUNNING';
  return (
    <Section
      title={saga.saga}
      testId="saga"
      data={{ subject: saga.subject, saga: saga.saga }}
      aside={
        <>
          <span class="mono">{saga.subject}</span>
          <span class="muted">
            {saga.system}/{saga.service}
          </span>
          <Badge tone={toneOf(saga.status)} testId="saga-status">
            {saga.status}
          </Badge>
        </>
      }
    >
      <p class="saga-stand" data-testid="saga-stand">
        {running && saga.step && (
          <>
            Waiting on step <strong>{saga.step}</strong> since {when(saga.updatedAt)}.
          </>
        )}
        {!running && saga.reason && (
          <span class="text-bad">
            Stopped{saga.step ? ` at ${saga.step}` : ''}: {saga.reason}
          </span>
        )}
        {!running && !saga.reason && (
          <>
            {saga.status.toLowerCase()} in {duration(span)}
          </>
        )}
        <span class="muted small"> · started {when(saga.startedAt)}</span>
      </p>
      <StepLanes events={events} started={started} span={span} />
      <ol class="timeline" data-testid="saga-events">
        {events.map((event, i) => (
          <li
            key={`${event.type} ${event.at} ${i}`}
            class={event.compensation ? 'compensation' : undefined}
            data-testid="saga-event"
            data-type={event.type}
          >
            <span class="timeline-at mono">{clock(event.at)}</span>
            <span class="timeline-offset muted small">+{duration(Date.parse(event.at) - started)}</span>
            <span class="timeline-type">{event.type}</span>
            {event.step && <span class="tag">{event.step}</span>}
            {event.compensation && (
              <Badge tone="warn" testId="compensation">
                compensation
              </Badge>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/**
 * One lane per step, in the order the saga reached them, each event a dot where it fell in the saga's life:
 * a bunched start, a long wait on one step and the compensations at the end read at a glance.
 */
function StepLanes({ events, started, span }: { events: SagaEventView[]; started: number; span: number }) {
  const lanes = new Map<string, SagaEventView[]>();
  for (const event of events) {
    const step = event.step ?? '(no step)';
    lanes.set(step, [...(lanes.get(step) ?? []), event]);
  }
  const at = (event: SagaEventView) => ((Date.parse(event.at) - started) / span) * 100;
  return (
    <div class="lanes" data-testid="saga-steps">
      {[...lanes].map(([step, laneEvents]) => {
        const first = at(laneEvents[0]!);
        const last = at(laneEvents.at(-1)!);
        const compensating = laneEvents.some((e) => e.compensation);
        return (
          <div key={step} class="lane" data-testid="saga-step" data-step={step}>
            <span class="lane-name">{step}</span>
            <span class="lane-track">
              <span
                class={`lane-bar${compensating ? ' compensation' : ''}`}
                style={{ left: `${first}%`, width: `${Math.max(last - first, 0)}%` }}
              />
              {laneEvents.map((event, i) => (
                <span
                  key={`${event.type} ${event.at} ${i}`}
                  class={`lane-dot${event.compensation ? ' compensation' : ''}`}
                  style={{ left: `${at(event)}%` }}
                  title={`${event.type} at ${clock(event.at)}${event.compensation ? ' (compensation)' : ''}`}
                />
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}
