import type { GatewayRoute } from '@mosaic/kit/gateway';
import * as s from './schemas.ts';

const outing = 'outing';

/** Every cached list of one student's outings, whatever page. */
const STUDENT_LISTS = 'students.*.outings*';
const FILTERS = 'outings.filter*';

/**
 * Outing's gateway routes with the seed's cache keys (spec §3.6), minus its bugs: reads of one outing are
 * private (the seed's shared `outings.$id` served the owner's answer to anyone), and a teacher's PATCH
 * clears the owner's lists, not the teacher's. Any signed-in caller passes the gateway: the service checks
 * the role and answers a wrong one with the seed's 403 -2601, which the gateway could not (it has no
 * service codes).
 */
export const outingRoutes: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/v1/outings',
    service: outing,
    schema: { body: s.newOutingBody },
    invalidates: ['students.{claims:sub}.outings*', FILTERS],
  },
  {
    method: 'GET',
    path: '/v1/students/uuid/:student_uuid/outings',
    service: outing,
    schema: { params: s.studentParams, querystring: s.studentOutingsQuery },
    cache: {
      ttlSec: 60,
      key: 'students.:student_uuid.outings.start.{query:start}.count.{query:count}',
      private: true,
    },
  },
  {
    method: 'GET',
    path: '/v1/outings/uuid/:outing_uuid',
    service: outing,
    schema: { params: s.outingParams },
    cache: { ttlSec: 60, key: 'outings.:outing_uuid', private: true },
  },
  {
    method: 'GET',
    path: '/v1/outings/uuid/:outing_uuid/card',
    service: outing,
    schema: { params: s.outingParams },
    cache: { ttlSec: 60, key: 'outings.:outing_uuid.card', private: true },
  },
  ...(['parent-approve', 'parent-reject'] as const).map(
    (action): GatewayRoute => ({
      method: 'POST',
      path: `/v1/outings/uuid/:outing_uuid/actions/${action}`,
      service: outing,
      auth: 'public',
      schema: { params: s.outingParams, querystring: s.parentActionQuery },
      invalidates: ['outings.:outing_uuid*', STUDENT_LISTS, FILTERS],
    }),
  ),
  {
    method: 'POST',
    path: '/v1/outings/uuid/:outing_uuid/actions/:action',
    service: outing,
    schema: { params: s.actionParams },
    invalidates: ['outings.:outing_uuid*', STUDENT_LISTS, FILTERS],
  },
  {
    method: 'GET',
    path: '/v1/outings/with-filter',
    service: outing,
    schema: { querystring: s.filterQuery },
    // Per caller, unlike the seed's shared key: the service checks the role, so a shared answer would reach
    // a student or parent from the cache without ever asking it.
    cache: {
      private: true,
      ttlSec: 60,
      key:
        'outings.filter.start.{query:start}.count.{query:count}.status.{query:status}.grade.{query:grade}' +
        '.group.{query:group}.floor.{query:floor}.start_time.{query:start_time}.end_time.{query:end_time}',
    },
  },
  { method: 'GET', path: '/v1/outings/code/:OCode', service: outing, auth: 'public', schema: { params: s.codeParams } },
  {
    method: 'PATCH',
    path: '/v1/outings/uuid/:outing_uuid',
    service: outing,
    schema: { params: s.outingParams, body: s.endTimeBody },
    invalidates: ['outings.:outing_uuid*', STUDENT_LISTS, FILTERS],
  },
  { method: 'GET', path: '/v1/outings/settings', service: outing },
  { method: 'PUT', path: '/v1/outings/settings', service: outing, schema: { body: s.settingsBody } },
];
