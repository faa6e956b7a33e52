import { useEffect, useState } from 'preact/hooks';
import { forgetOperatorToken, isTokenWanted, onAuthChange, operatorToken } from './api-client.ts';
import { href, type Route, useRoute, type View, views } from './route.ts';
import { TokenForm } from './token-form.tsx';
import { BreakersView } from './views/breakers.tsx';
import { LiveView } from './views/live.tsx';
import { MessagingView } from './views/messaging.tsx';
import { OutboxesView } from './views/outboxes.tsx';
import { SagasView } from './views/sagas.tsx';
import { TopologyView } from './views/topology.tsx';
import { TracesView } from './views/traces.tsx';

const titles: Record<View, string> = {
  topology: 'Topology',
  live: 'Live',
  breakers: 'Breakers',
  messaging: 'Messaging',
  sagas: 'Sagas',
  traces: 'Traces',
  outboxes: 'Outboxes',
};

function page(route: Route) {
  switch (route.view) {
    case 'topology':
      return <TopologyView />;
    case 'live':
      return <LiveView />;
    case 'breakers':
      return <BreakersView />;
    case 'messaging':
      return <MessagingView />;
    case 'sagas':
      return <SagasView route={route} />;
    case 'traces':
      return <TracesView route={route} />;
    case 'outboxes':
      return <OutboxesView />;
  }
}

function useAuth() {
  const [state, setState] = useState({ wanted: isTokenWanted(), hasToken: operatorToken() !== null });
  useEffect(() => onAuthChange(() => setState({ wanted: isTokenWanted(), hasToken: operatorToken() !== null })), []);
  return state;
}

export function App() {
  const route = useRoute();
  const auth = useAuth();
  useEffect(() => {
    document.title = `${titles[route.view]} · Mosaic console`;
  }, [route.view]);
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href('topology')}>
          <span class="brand-mark" aria-hidden="true" />
          Mosaic <span class="muted">console</span>
        </a>
        <nav class="tabs" data-testid="nav">
          {views.map((view) => (
            <a
              key={view}
              href={href(view)}
              class={route.view === view ? 'active' : undefined}
              aria-current={route.view === view ? 'page' : undefined}
              data-testid={`nav-${view}`}
            >
              {titles[view]}
            </a>
          ))}
        </nav>
        {auth.hasToken && (
          <button type="button" class="link small" onClick={forgetOperatorToken} data-testid="forget-token">
            Forget token
          </button>
        )}
      </header>
      <main class="content">{page(route)}</main>
      {auth.wanted && <TokenForm />}
    </div>
  );
}
