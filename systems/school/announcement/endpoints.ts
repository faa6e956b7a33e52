import { created, endpointsOf } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { requireCaller } from '../contracts/identity.ts';
import { pageSize } from '../contracts/schemas.ts';
import {
  type AnnouncementContext,
  deleteAnnouncement,
  listAnnouncements,
  listByWriter,
  type Paging,
  postAnnouncement,
  readAnnouncement,
  reviseAnnouncement,
  unreadCheck,
} from './commands.ts';
import { targetNumber } from './domain.ts';
import {
  AnnouncementParams,
  AnnouncementRevision,
  NewAnnouncement,
  PagingQuery,
  SearchParams,
  StudentParams,
  TypeParams,
  WriterParams,
} from './schemas.ts';
import type { Page } from './store.ts';

/**
 * The announcement endpoints (spec §1.5) with the seed's cache keys (spec §3.6), minus its bugs: every answer
 * that carries the caller's read marks is keyed by the caller (`{claims:sub}`, private), so no one is served
 * another's `is_checked`; opening an announcement is never answered from the cache (that skipped the read
 * mark), and it clears the opener's lists and unread check instead; a change clears every list and writer
 * listing, not only those of the admin who made it. Roles are checked here, with the seed's 403 -1000.
 */
const endpoint = endpointsOf<AnnouncementContext>();

const page = '.start.{query:start}.count.{query:count}';
/** What a change to any announcement makes stale: every list, unread check and writer listing. */
const CHANGED = ['announcements.uuid.*', 'students.*.announcement-check', 'writers.*'];

const paging = (query: Paging): Paging => ({ start: query.start, count: pageSize(query.count) });

export const postEndpoint = endpoint({
  method: 'POST',
  path: '/v1/announcements',
  body: NewAnnouncement,
  summary: 'Post a school or club announcement (students: club, as its leader)',
  gateway: {
    invalidates: ['announcements.uuid.*', 'students.*.announcement-check', 'writers.{claims:sub}.announcements*'],
  },
  handle: async (ctx, { body, caller }) => {
    const { type, title, content, target_grade, target_group } = body;
    const announcement = await postAnnouncement(ctx)(requireCaller(caller), {
      type,
      title,
      content,
      targetGrade: target_grade,
      targetGroup: target_group,
    });
    return created(ok(201, `${type} announcement posted`, { announcement_uuid: announcement.announcementUuid }));
  },
});

export const listOfType = endpoint({
  method: 'GET',
  path: '/v1/announcements/types/:type',
  params: TypeParams,
  query: PagingQuery,
  summary: 'Announcements of a type, newest first, as the caller may see them',
  gateway: { cache: { key: `announcements.uuid.{claims:sub}.types.:type${page}`, private: true } },
  handle: async (ctx, { params, query, caller }) => {
    const { type } = params;
    const found = await listAnnouncements(ctx)(requireCaller(caller), type, paging(query));
    return ok(200, `${type} announcements, newest first`, pageJson(found));
  },
});

export const search = endpoint({
  method: 'GET',
  path: '/v1/announcements/types/:type/query/:search_query',
  params: SearchParams,
  query: PagingQuery,
  summary: 'Announcements whose title contains the query',
  gateway: { cache: { key: `announcements.uuid.{claims:sub}.types.:type.query.:search_query${page}`, private: true } },
  handle: async (ctx, { params, query, caller }) => {
    const { type, search_query } = params;
    const found = await listAnnouncements(ctx)(requireCaller(caller), type, paging(query), search_query);
    return ok(200, `${type} announcements whose title contains "${search_query}"`, pageJson(found));
  },
});

export const byWriter = endpoint({
  method: 'GET',
  path: '/v1/announcements/writer-uuid/:writer_uuid',
  params: WriterParams,
  query: PagingQuery,
  summary: "A teacher's or admin's school announcements",
  gateway: { cache: { key: `writers.:writer_uuid.announcements.readers.{claims:sub}${page}`, private: true } },
  handle: async (ctx, { params, query, caller }) => {
    const found = await listByWriter(ctx)(requireCaller(caller), params.writer_uuid, paging(query));
    return ok(200, `school announcements by ${params.writer_uuid}`, pageJson(found));
  },
});

export const open = endpoint({
  method: 'GET',
  path: '/v1/announcements/uuid/:announcement_uuid',
  params: AnnouncementParams,
  summary: 'Open an announcement (marks it read), with the next and previous one',
  gateway: {
    invalidates: [
      'students.{claims:sub}.announcement-check',
      'announcements.uuid.{claims:sub}.*',
      'writers.*.announcements.readers.{claims:sub}.*',
    ],
  },
  handle: async (ctx, { params, caller }) => {
    const {
      announcement: a,
      next,
      previous,
    } = await readAnnouncement(ctx)(requireCaller(caller), params.announcement_uuid);
    return ok(200, a.title, {
      date: Date.parse(a.writtenAt),
      title: a.title,
      content: a.content,
      writer_name: a.writerName,
      target_grade: targetNumber(a.targetGrade),
      target_group: targetNumber(a.targetGroup),
      type: a.type,
      next_title: next?.title ?? '',
      next_announcement_uuid: next?.announcement_uuid ?? '',
      previous_title: previous?.title ?? '',
      previous_announcement_uuid: previous?.announcement_uuid ?? '',
    });
  },
});

export const revise = endpoint({
  method: 'PATCH',
  path: '/v1/announcements/uuid/:announcement_uuid',
  params: AnnouncementParams,
  body: AnnouncementRevision,
  summary: 'Rewrite an announcement (its writer or an admin)',
  gateway: { invalidates: CHANGED },
  handle: async (ctx, { params, body, caller }) => {
    const { title, content, target_grade, target_group } = body;
    const revised = await reviseAnnouncement(ctx)(requireCaller(caller), params.announcement_uuid, {
      title,
      content,
      targetGrade: target_grade,
      targetGroup: target_group,
    });
    return ok(200, 'announcement updated', { announcement_uuid: revised.announcementUuid });
  },
});

export const remove = endpoint({
  method: 'DELETE',
  path: '/v1/announcements/uuid/:announcement_uuid',
  params: AnnouncementParams,
  summary: 'Delete an announcement (its writer)',
  gateway: { invalidates: CHANGED },
  handle: async (ctx, { params, caller }) => {
    const { announcement_uuid } = params;
    await deleteAnnouncement(ctx)(requireCaller(caller), announcement_uuid);
    return ok(200, 'announcement deleted', { announcement_uuid });
  },
});

export const unread = endpoint({
  method: 'GET',
  path: '/v1/students/uuid/:student_uuid/announcement-check',
  params: StudentParams,
  summary: 'Whether a student has unread school / club announcements',
  gateway: { cache: { key: 'students.:student_uuid.announcement-check', private: true } },
  handle: async (ctx, { params, caller }) => {
    const found = await unreadCheck(ctx)(requireCaller(caller), params.student_uuid);
    return ok(200, '1 means at least one unread announcement of that type', {
      school: found.school ? 1 : 0,
      club: found.club ? 1 : 0,
    });
  },
});

/** In the order the gateway's table listed them. */
export const announcementEndpoints = [postEndpoint, listOfType, search, byWriter, open, revise, remove, unread];

function pageJson(found: Page) {
  return {
    size: found.size,
    announcements: found.items.map(({ announcement: a, views, checked }) => ({
      announcement_uuid: a.announcementUuid,
      number: a.number,
      title: a.title,
      date: Date.parse(a.writtenAt),
      views,
      writer_name: a.writerName,
      is_checked: checked ? 1 : 0,
    })),
  };
}
