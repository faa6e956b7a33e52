import type { FastifyInstance } from 'fastify';
import { ok, useEnvelopeErrors } from '../contracts/envelope.ts';
import { requireCaller } from '../contracts/identity.ts';
import { pageSize } from '../contracts/schemas.ts';
import {
  type AnnouncementContext,
  announcementType,
  deleteAnnouncement,
  listAnnouncements,
  listByWriter,
  postAnnouncement,
  readAnnouncement,
  reviseAnnouncement,
  unreadCheck,
} from './commands.ts';
import { targetNumber } from './domain.ts';
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
import type { Page } from './store.ts';

type Paging = { start: number; count: number };
type Body = { type: string; title: string; content: string; target_grade: number; target_group: number };

export function announcementRoutes(app: FastifyInstance, ctx: AnnouncementContext) {
  useEnvelopeErrors(app);
  const paging = (query: Paging) => ({ start: query.start, count: pageSize(query.count) });

  app.post<{ Body: Body }>('/v1/announcements', { schema: { body: newAnnouncementBody } }, async (request, reply) => {
    const { type, title, content, target_grade, target_group } = request.body;
    const announcement = await postAnnouncement(ctx)(requireCaller(request), {
      type,
      title,
      content,
      targetGrade: target_grade,
      targetGroup: target_group,
    });
    return reply
      .code(201)
      .send(ok(201, `${type} announcement posted`, { announcement_uuid: announcement.announcementUuid }));
  });

  app.get<{ Params: { type: string }; Querystring: Paging }>(
    '/v1/announcements/types/:type',
    { schema: { params: typeParams, querystring: pagingQuery } },
    async (request) => {
      const type = announcementType(request.params.type);
      const page = await listAnnouncements(ctx)(requireCaller(request), type, paging(request.query));
      return ok(200, `${type} announcements, newest first`, pageJson(page));
    },
  );

  app.get<{ Params: { type: string; search_query: string }; Querystring: Paging }>(
    '/v1/announcements/types/:type/query/:search_query',
    { schema: { params: searchParams, querystring: pagingQuery } },
    async (request) => {
      const type = announcementType(request.params.type);
      const { search_query } = request.params;
      const page = await listAnnouncements(ctx)(requireCaller(request), type, paging(request.query), search_query);
      return ok(200, `${type} announcements whose title contains "${search_query}"`, pageJson(page));
    },
  );

  app.get<{ Params: { writer_uuid: string }; Querystring: Paging }>(
    '/v1/announcements/writer-uuid/:writer_uuid',
    { schema: { params: writerParams, querystring: pagingQuery } },
    async (request) => {
      const page = await listByWriter(ctx)(requireCaller(request), request.params.writer_uuid, paging(request.query));
      return ok(200, `school announcements by ${request.params.writer_uuid}`, pageJson(page));
    },
  );

  app.get<{ Params: { announcement_uuid: string } }>(
    '/v1/announcements/uuid/:announcement_uuid',
    { schema: { params: announcementParams } },
    async (request) => {
      const {
        announcement: a,
        next,
        previous,
      } = await readAnnouncement(ctx)(requireCaller(request), request.params.announcement_uuid);
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
  );

  app.patch<{ Params: { announcement_uuid: string }; Body: Omit<Body, 'type'> }>(
    '/v1/announcements/uuid/:announcement_uuid',
    { schema: { params: announcementParams, body: announcementRevisionBody } },
    async (request) => {
      const { title, content, target_grade, target_group } = request.body;
      const revised = await reviseAnnouncement(ctx)(requireCaller(request), request.params.announcement_uuid, {
        title,
        content,
        targetGrade: target_grade,
        targetGroup: target_group,
      });
      return ok(200, 'announcement updated', { announcement_uuid: revised.announcementUuid });
    },
  );

  app.delete<{ Params: { announcement_uuid: string } }>(
    '/v1/announcements/uuid/:announcement_uuid',
    { schema: { params: announcementParams } },
    async (request) => {
      const { announcement_uuid } = request.params;
      await deleteAnnouncement(ctx)(requireCaller(request), announcement_uuid);
      return ok(200, 'announcement deleted', { announcement_uuid });
    },
  );

  app.get<{ Params: { student_uuid: string } }>(
    '/v1/students/uuid/:student_uuid/announcement-check',
    { schema: { params: studentParams } },
    async (request) => {
      const unread = await unreadCheck(ctx)(requireCaller(request), request.params.student_uuid);
      return ok(200, '1 means at least one unread announcement of that type', {
        school: unread.school ? 1 : 0,
        club: unread.club ? 1 : 0,
      });
    },
  );
}

function pageJson(page: Page) {
  return {
    size: page.size,
    announcements: page.items.map(({ announcement: a, views, checked }) => ({
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
