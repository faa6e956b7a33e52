import type { BreakerInfo, Breakers } from '../../../src/api.ts';
import { Badge, Status, Time, type Tone, Unreachable } from '../parts.tsx';
import { useResource } from '../use-resource.ts';

const tones: Record<BreakerInfo['state'], Tone> = { closed: 'ok', 'half-open': 'warn', open: 'bad' };
/** Open first: the ones an operator came to see. */
const order: Record<BreakerInfo['state'], number> = { open: 0, 'half-open': 1, closed: 2 };

export function BreakersView() {
  const breakers = useResource<Breakers>('/breakers', 3000);
  const list = [...(breakers.data?.breakers ?? [])].sort(
    (a, b) =>
      order[a.state] - order[b.state] ||
      a.system.localeCompare(b.system) ||
      a.holder.localeCompare(b.holder) ||
      a.target.localeCompare(b.target),
  );
  const open = list.filter((b) => b.state !== 'closed').length;
  return (
    <div data-testid="view-breakers">
      <div class="view-head">
        <h1>Breakers</h1>
        {breakers.data && (
          <p class="muted">
            {list.length} breakers · {open === 0 ? 'all closed' : `${open} not closed`}
          </p>
        )}
      </div>
      <Unreachable processes={breakers.data?.unreachable} />
      <Status
        loading={breakers.loading}
        error={breakers.error}
        empty={list.length === 0}
        emptyText="No breaker yet: one is made when a caller first calls an instance."
      />
      {list.length > 0 && (
        <div class="panel">
          <table class="table" data-testid="breakers-table">
            <thead>
              <tr>
                <th>State</th>
                <th>System</th>
                <th>Caller</th>
                <th>Calls</th>
                <th>Since</th>
                <th>Why it opened</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr
                  key={`${b.system} ${b.holderInstance} ${b.targetInstance}`}
                  data-testid="breaker"
                  data-key={`${b.holderInstance}>${b.targetInstance}`}
                  data-state={b.state}
                  class={b.state === 'open' ? 'row-bad' : undefined}
                >
                  <td>
                    <Badge tone={tones[b.state]} testId="breaker-state">
                      {b.state}
                    </Badge>
                  </td>
                  <td>{b.system}</td>
                  <td>
                    {b.holder}
                    <div class="mono muted small">{b.holderInstance}</div>
                  </td>
                  <td>
                    {b.target}
                    <div class="mono muted small">{b.targetInstance}</div>
                  </td>
                  <td>{b.since ? <Time at={b.since} /> : <span class="muted">never changed</span>}</td>
                  <td class="reason">{b.reason ?? <span class="muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
