import type { GatewayInfo, InstanceInfo, ServiceTopology, SystemTopology, Topology } from '../../../src/api.ts';
import { coloursFor } from '../colours.ts';
import { ageOf, when } from '../format.ts';
import { Badge, Section, Status } from '../parts.tsx';
import { useResource } from '../use-resource.ts';

export function TopologyView() {
  const topology = useResource<Topology>('/topology', 5000);
  const systems = topology.data?.systems ?? [];
  return (
    <div data-testid="view-topology">
      <div class="view-head">
        <h1>Topology</h1>
        {topology.data && (
          <p class="muted">
            {topology.data.runtime} runtime · {counts(systems)} · as of {when(topology.data.generatedAt)}
          </p>
        )}
      </div>
      <Status
        loading={topology.loading}
        error={topology.error}
        empty={systems.length === 0}
        emptyText="No system is running."
      />
      {systems.map((system) => (
        <SystemCard key={system.name} system={system} />
      ))}
    </div>
  );
}

function counts(systems: SystemTopology[]): string {
  const services = systems.reduce((n, s) => n + s.services.length, 0);
  const instances = systems.reduce((n, s) => n + s.services.reduce((m, v) => m + v.instances.length, 0), 0);
  return `${systems.length} system${systems.length === 1 ? '' : 's'}, ${services} services, ${instances} instances`;
}

function SystemCard({ system }: { system: SystemTopology }) {
  const colourOf = coloursFor(system.services.map((s) => s.name));
  const instances = system.services.flatMap((s) => s.instances);
  const ready = instances.filter((i) => i.ready).length;
  return (
    <Section
      title={system.name}
      testId={`system-${system.name}`}
      aside={
        <Badge tone={ready === instances.length ? 'ok' : ready === 0 ? 'bad' : 'warn'}>
          {ready}/{instances.length} ready
        </Badge>
      }
    >
      {system.gateway ? <Gateway gateway={system.gateway} colourOf={colourOf} /> : <p class="muted">No gateway.</p>}
      <div class="services">
        {system.services.map((service) => (
          <ServiceCard key={service.name} system={system.name} service={service} colour={colourOf(service.name)} />
        ))}
      </div>
    </Section>
  );
}

function Gateway({ gateway, colourOf }: { gateway: GatewayInfo; colourOf: (service: string) => string }) {
  return (
    <details class="gateway" data-testid="gateway">
      <summary>
        <span class="gateway-name">gateway</span>
        <Badge tone={gateway.ready ? 'ok' : 'bad'}>{gateway.ready ? 'ready' : 'not ready'}</Badge>
        <a href={gateway.url} target="_blank" rel="noreferrer" class="mono">
          {gateway.url}
        </a>
        <span class="muted">{gateway.routes.length} routes</span>
      </summary>
      <table class="table compact" data-testid="gateway-routes">
        <thead>
          <tr>
            <th>Method</th>
            <th>Path</th>
            <th>Service</th>
            <th>Access</th>
          </tr>
        </thead>
        <tbody>
          {gateway.routes.map((route) => (
            <tr key={`${route.method} ${route.path}`} data-testid="gateway-route">
              <td class="mono">{route.method}</td>
              <td class="mono">{route.path}</td>
              <td>
                <span class="dot" style={{ background: colourOf(route.service) }} />
                {route.service}
              </td>
              <td class="muted">{route.access}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ServiceCard({ system, service, colour }: { system: string; service: ServiceTopology; colour: string }) {
  return (
    <div class="service" data-testid="service" data-service={service.name} data-system={system}>
      <h3>
        <span class="dot" style={{ background: colour }} />
        {service.name}
        <span class="muted small">
          {' '}
          {service.instances.length} instance{service.instances.length === 1 ? '' : 's'}
        </span>
      </h3>
      {service.instances.length === 0 ? (
        <p class="muted small">No instance registered.</p>
      ) : (
        <ul class="instances">
          {service.instances.map((instance) => (
            <Instance key={instance.id} instance={instance} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Instance({ instance }: { instance: InstanceInfo }) {
  return (
    <li class="instance" data-testid="instance" data-instance-id={instance.id}>
      <Badge tone={instance.ready ? 'ok' : 'bad'} testId="instance-ready">
        {instance.ready ? 'ready' : 'not ready'}
      </Badge>
      <span class="mono instance-id" title={instance.url}>
        {instance.id}
      </span>
      <span class="muted small">v{instance.version}</span>
      <span class="muted small" title={instance.startedAt ? `started ${when(instance.startedAt)}` : undefined}>
        up {ageOf(instance.uptimeSec)}
      </span>
    </li>
  );
}
