// `node --import tsx bench/route-table.ts [--rounds 9]`: ns per `RouteTable.match` for the gateway's route table
// on find-my-way (packages/kit/src/gateway/routes.ts) against the hand-written linear matcher it replaced, read
// from git (commit 9114c19), on the school and fishdelivery tables as they were at that commit. Three mixes:
// every route once with its own method (what a working client sends), unknown paths (404: two lookups with
// find-my-way) and known paths with a method they do not take (405: two, then one per method the table names).
// Each mix runs for both matchers in alternation, `rounds` times; the median round is reported. Both must give
// the same answers (the hand-written matcher differs only on paths these mixes do not send: see routes.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRoutes, type GatewayRoute, type RouteMatch, type RouteTable } from '@mosaic/kit/gateway';

const OLD_COMMIT = '9114c19';

type Row = [method: string, path: string, service: string];
const SCHOOL: Row[] = [
  ['GET', '/.well-known/jwks.json', 'auth'],
  ['POST', '/v1/login/admin', 'auth'],
  ['POST', '/v1/login/student', 'auth'],
  ['POST', '/v1/login/teacher', 'auth'],
  ['POST', '/v1/login/parent', 'auth'],
  ['POST', '/v1/logout', 'auth'],
  ['POST', '/v1/signing-keys/rotate', 'auth'],
  ['POST', '/v1/students', 'auth'],
  ['PUT', '/v1/students/uuid/:student_uuid/profile', 'auth'],
  ['GET', '/v1/profiles/uuids/:student_uuid', 'auth'],
  ['GET', '/v1/students/uuid/:student_uuid', 'auth'],
  ['PUT', '/v1/students/uuid/:student_uuid/password', 'auth'],
  ['GET', '/v1/student-uuids', 'auth'],
  ['POST', '/v1/students/with-uuids', 'auth'],
  ['GET', '/v1/students/uuid/:student_uuid/parent', 'auth'],
  ['GET', '/v1/students/auth-code/:auth_code', 'auth'],
  ['POST', '/v1/students/with-code', 'auth'],
  ['POST', '/v1/join-sms/unsigned-students', 'auth'],
  ['POST', '/v1/unsigned-students/parsed-by/excel', 'auth'],
  ['POST', '/v1/unsigned-students/parsed-by/excel/sheets/:sheet', 'auth'],
  ['POST', '/v1/teachers', 'auth'],
  ['POST', '/v1/teachers/uuid/:teacher_uuid/certify', 'auth'],
  ['PUT', '/v1/teachers/uuid/:teacher_uuid/password', 'auth'],
  ['GET', '/v1/teachers/uuid/:teacher_uuid', 'auth'],
  ['PATCH', '/v1/teachers/uuid/:teacher_uuid', 'auth'],
  ['GET', '/v1/teacher-uuids', 'auth'],
  ['POST', '/v1/parents', 'auth'],
  ['PUT', '/v1/parents/uuid/:parent_uuid/password', 'auth'],
  ['GET', '/v1/parents/uuid/:parent_uuid', 'auth'],
  ['GET', '/v1/parent-uuids', 'auth'],
  ['GET', '/v1/parents/uuid/:parent_uuid/children', 'auth'],
  ['GET', '/v1/notifications', 'auth'],
  ['GET', '/v1/accounts/count', 'auth'],
  ['POST', '/v1/outings', 'outing'],
  ['GET', '/v1/students/uuid/:student_uuid/outings', 'outing'],
  ['GET', '/v1/outings/uuid/:outing_uuid', 'outing'],
  ['GET', '/v1/outings/uuid/:outing_uuid/card', 'outing'],
  ['POST', '/v1/outings/uuid/:outing_uuid/actions/parent-approve', 'outing'],
  ['POST', '/v1/outings/uuid/:outing_uuid/actions/parent-reject', 'outing'],
  ['POST', '/v1/outings/uuid/:outing_uuid/actions/:action', 'outing'],
  ['GET', '/v1/outings/with-filter', 'outing'],
  ['GET', '/v1/outings/code/:OCode', 'outing'],
  ['PATCH', '/v1/outings/uuid/:outing_uuid', 'outing'],
  ['GET', '/v1/outings/settings', 'outing'],
  ['PUT', '/v1/outings/settings', 'outing'],
  ['POST', '/v1/clubs', 'club'],
  ['GET', '/v1/clubs/sorted-by/update-time', 'club'],
  ['GET', '/v1/recruitments/sorted-by/create-time', 'club'],
  ['GET', '/v1/clubs/uuid/:club_uuid', 'club'],
  ['GET', '/v1/clubs', 'club'],
  ['GET', '/v1/recruitments/uuid/:recruitment_uuid', 'club'],
  ['GET', '/v1/clubs/uuid/:club_uuid/recruitment-uuid', 'club'],
  ['GET', '/v1/recruitment-uuids', 'club'],
  ['GET', '/v1/clubs/property/fields', 'club'],
  ['GET', '/v1/clubs/count', 'club'],
  ['GET', '/v1/recruitments/count', 'club'],
  ['GET', '/v1/leaders/uuid/:leader_uuid/club-uuid', 'club'],
  ['DELETE', '/v1/clubs/uuid/:club_uuid', 'club'],
  ['POST', '/v1/clubs/uuid/:club_uuid/members', 'club'],
  ['DELETE', '/v1/clubs/uuid/:club_uuid/members/:student_uuid', 'club'],
  ['PUT', '/v1/clubs/uuid/:club_uuid/leader', 'club'],
  ['PATCH', '/v1/clubs/uuid/:club_uuid', 'club'],
  ['GET', '/v1/clubs/uuid/:club_uuid/logo', 'club'],
  ['POST', '/v1/recruitments', 'club'],
  ['PATCH', '/v1/recruitments/uuid/:recruitment_uuid', 'club'],
  ['DELETE', '/v1/recruitments/uuid/:recruitment_uuid', 'club'],
  ['POST', '/v1/announcements', 'announcement'],
  ['GET', '/v1/announcements/types/:type', 'announcement'],
  ['GET', '/v1/announcements/types/:type/query/:search_query', 'announcement'],
  ['GET', '/v1/announcements/writer-uuid/:writer_uuid', 'announcement'],
  ['GET', '/v1/announcements/uuid/:announcement_uuid', 'announcement'],
  ['PATCH', '/v1/announcements/uuid/:announcement_uuid', 'announcement'],
  ['DELETE', '/v1/announcements/uuid/:announcement_uuid', 'announcement'],
  ['GET', '/v1/students/uuid/:student_uuid/announcement-check', 'announcement'],
  ['POST', '/v1/schedules', 'schedule'],
  ['GET', '/v1/schedules/years/:year/months/:month', 'schedule'],
  ['PATCH', '/v1/schedules/uuid/:schedule_uuid', 'schedule'],
  ['DELETE', '/v1/schedules/uuid/:schedule_uuid', 'schedule'],
  ['GET', '/v1/time-tables/years/:year/months/:month/days/:day', 'schedule'],
  ['PUT', '/v1/time-tables/years/:year/months/:month', 'schedule'],
];

const FISHDELIVERY: Row[] = [
  ['POST', '/orders', 'order'],
  ['GET', '/orders', 'order'],
  ['GET', '/orders/:id', 'order'],
  ['PATCH', '/orders/:id', 'order'],
  ['POST', '/orders/:id/cancel', 'order'],
  ['GET', '/myPages', 'order'],
  ['GET', '/myPages/:id', 'order'],
  ['GET', '/payments', 'payment'],
  ['GET', '/payments/:id', 'payment'],
  ['GET', '/fishstores', 'store'],
  ['GET', '/fishstores/:id', 'store'],
  ['PATCH', '/fishstores/:id', 'store'],
  ['GET', '/deliveries', 'delivery'],
  ['GET', '/deliveries/:id', 'delivery'],
  ['PATCH', '/deliveries/:id', 'delivery'],
];

type Mix = [method: string, path: string][];

const ID = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

async function oldCompileRoutes(): Promise<(routes: readonly GatewayRoute[]) => RouteTable> {
  const source = execFileSync('git', ['show', `${OLD_COMMIT}:packages/kit/src/gateway/routes.ts`], {
    encoding: 'utf8',
  });
  const file = join(mkdtempSync(join(tmpdir(), 'mosaic-bench-routes-')), 'routes.ts');
  writeFileSync(file, source);
  return (await import(file)).compileRoutes;
}

function mixes(routes: readonly GatewayRoute[]): Record<string, Mix> {
  const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, ID);
  const first = (route: GatewayRoute) => (typeof route.method === 'string' ? route.method : route.method[0]!);
  const taken = (path: string) => new Set(routes.filter((r) => concrete(r.path) === path).flatMap((r) => r.method));
  return {
    'found (each route once)': routes.map((r) => [first(r), concrete(r.path)]),
    '404 (unknown path)': routes.map((r) => [first(r), `${concrete(r.path)}/unknown`]),
    '405 (method not taken)': routes
      .map((r): [string, string] => [
        ['DELETE', 'PUT', 'POST', 'GET'].find((m) => !taken(concrete(r.path)).has(m))!,
        concrete(r.path),
      ])
      .filter(([method]) => method !== undefined),
  };
}

function nsPerMatch(table: RouteTable, mix: Mix, iterations: number): number {
  let found = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const [method, path] = mix[i % mix.length]!;
    if (table.match(method, path).kind === 'found') found++;
  }
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (found < 0) console.log(found); // keeps the result alive
  return ns;
}

function same(a: RouteMatch, b: RouteMatch): boolean {
  const view = (m: RouteMatch) =>
    JSON.stringify(m.kind === 'found' ? [m.route.method, m.route.path, { ...m.params }] : m);
  return view(a) === view(b);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 9) || 9;
const iterations = 500_000;
const oldCompile = await oldCompileRoutes();
console.log(`route table: ${rounds} rounds of ${iterations} matches per mix and matcher, node ${process.version}\n`);
console.log('| table | mix | hand-written ns/match | find-my-way ns/match | ratio |');
console.log('|---|---|---:|---:|---:|');
for (const [name, rows] of [
  ['school', SCHOOL],
  ['fishdelivery', FISHDELIVERY],
] as const) {
  const routes: GatewayRoute[] = rows.map(([method, path, service]) => ({ method: method.split('|'), path, service }));
  const old = oldCompile(routes);
  const current = compileRoutes(routes);
  for (const [mixName, mix] of Object.entries(mixes(routes))) {
    for (const [method, path] of mix) {
      if (!same(old.match(method, path), current.match(method, path))) {
        throw new Error(`the matchers disagree on ${method} ${path}`);
      }
    }
    const times = { old: [] as number[], current: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.old.push(nsPerMatch(old, mix, iterations));
      times.current.push(nsPerMatch(current, mix, iterations));
    }
    const [a, b] = [median(times.old), median(times.current)];
    console.log(
      `| ${name} (${routes.length} routes) | ${mixName} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`,
    );
  }
}
