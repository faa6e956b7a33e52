import type { GatewayRoute } from '@mosaic/kit/gateway';
import {
  announcementParams,
  announcementRevisionBody,
  newAnnouncementBody,
  pagingQuery,
  searchParams,
  studentParams,
  typeParams,
  writerParams,
} from './schemas.ts';

const service = 'announcement';
const page = '.start.{query:start}.count.{query:count}';

/**
 * The announcement service's gateway routes (spec §1.5) with the seed's cache keys (spec §3.6), minus its
 * bugs: every answer that carries the caller's read marks is keyed by the caller (`{claims:sub}`, private),
 * so no one is served another's `is_checked`; opening an announcement is never answered from the cache
 * (that skipped the read mark), and it clears the opener's lists and unread check instead; a change clears
 * every list and writer listing, not only those of the admin who made it. Roles are checked by the service,
 * which answers the seed's 403 -1000.
 */
export const announcementRoutes: GatewayRoute[] = [
  {
    method: 'POST',
    path: '/v1/announcements',
    service,
    schema: { body: newAnnouncementBody },
    invalidates: ['announcements.uuid.*', 'students.*.announcement-check', 'writers.{claims:sub}.announcements*'],
    summary: 'Post a school or club announcement (students: club, as its leader)',
  },
  {
    method: 'GET',
    path: '/v1/announcements/types/:type',
    service,
    schema: { params: typeParams, querystring: pagingQuery },
    cache: { key: `announcements.uuid.{claims:sub}.types.:type${page}`, private: true },
    summary: 'Announcements of a type, newest first, as the caller may see them',
  },
  {
    method: 'GET',
    path: '/v1/announcements/types/:type/query/:search_query',
    service,
    schema: { params: searchParams, querystring: pagingQuery },
    cache: { key: `announcements.uuid.{claims:sub}.types.:type.query.:search_query${page}`, private: true },
    summary: 'Announcements whose title contains the query',
  },
  {
    method: 'GET',
    path: '/v1/announcements/writer-uuid/:writer_uuid',
    service,
    schema: { params: writerParams, querystring: pagingQuery },
    cache: { key: `writers.:writer_uuid.announcements.readers.{claims:sub}${page}`, private: true },
    summary: "A teacher's or admin's school announcements",
  },
  {
    method: 'GET',
    path: '/v1/announcements/uuid/:announcement_uuid',
    service,
    schema: { params: announcementParams },
    invalidates: [
      'students.{claims:sub}.announcement-check',
      'announcements.uuid.{claims:sub}.*',
      'writers.*.announcements.readers.{claims:sub}.*',
    ],
    summary: 'Open an announcement (marks it read), with the next and previous one',
  },
  {
    method: 'PATCH',
    path: '/v1/announcements/uuid/:announcement_uuid',
    service,
    schema: { params: announcementParams, body: announcementRevisionBody },
    invalidates: ['announcements.uuid.*', 'students.*.announcement-check', 'writers.*'],
    summary: 'Rewrite an announcement (its writer or an admin)',
  },
  {
    method: 'DELETE',
    path: '/v1/announcements/uuid/:announcement_uuid',
    service,
    schema: { params: announcementParams },
    invalidates: ['announcements.uuid.*', 'students.*.announcement-check', 'writers.*'],
    summary: 'Delete an announcement (its writer)',
  },
  {
    method: 'GET',
    path: '/v1/students/uuid/:student_uuid/announcement-check',
    service,
    schema: { params: studentParams },
    cache: { key: 'students.:student_uuid.announcement-check', private: true },
    summary: 'Whether a student has unread school / club announcements',
  },
];
