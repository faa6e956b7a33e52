import type { ServiceContext } from '@mosaic/kit/service';
import { roleOf } from '../contracts/accounts.ts';
import { badRequest, forbidden, notFound } from '../contracts/envelope.ts';
import type { Caller } from '../contracts/identity.ts';
import { accountName, clubLedBy, placementOf } from './clients.ts';
import {
  ADMIN_WRITER_NAME,
  type Announcement,
  type AnnouncementType,
  isAnnouncementType,
  isVisibleTo,
  mayChange,
  mayDelete,
  mayPost,
  normalizeContent,
  pageOffset,
  type Reader,
  targetDigits,
} from './domain.ts';
import { type AnnouncementTables, announcements, newAnnouncementUuid } from './store.ts';

export type AnnouncementContext = ServiceContext<AnnouncementTables, 'auth' | 'club'>;

/** Every refusal of this service carries the seed's -1000 (spec §1.5). */
const CODE = -1000;

export function announcementType(value: string): AnnouncementType {
  if (!isAnnouncementType(value)) throw badRequest(`type must be school or club, not ${value}`, CODE);
  return value;
}

/**
 * The reader behind a caller. A student is placed by grade and class (asked of auth) only when `placed` says
 * the answer depends on it; club lists and lookups by others never wait for auth.
 */
async function readerOf(ctx: AnnouncementContext, caller: Caller, placed: boolean): Promise<Reader> {
  if (caller.role !== 'student') return { uuid: caller.uuid, role: caller.role };
  if (!placed) return { uuid: caller.uuid, role: 'student', grade: 0, group: 0 };
  const placement = await placementOf(ctx.clients.auth, caller, caller.uuid);
  if (!placement) throw forbidden(`your account ${caller.uuid} is unknown to auth; sign in again`, CODE);
  return { uuid: caller.uuid, role: 'student', ...placement };
}

export interface NewAnnouncement {
  type: string;
  title: string;
  content: string;
  targetGrade: number;
  targetGroup: number;
}

export const postAnnouncement = (ctx: AnnouncementContext) => async (caller: Caller, input: NewAnnouncement) => {
  const type = announcementType(input.type);
  const content = contentOf(input.content);
  const club = caller.role === 'student' ? await clubLedBy(ctx.clients.club, caller) : undefined;
  const allowed = mayPost(caller.role, type, club !== undefined);
  if (!allowed.ok) throw forbidden(allowed.message, CODE);
  const writerName = club ? club.name : await writerNameOf(ctx, caller);
  return announcements(ctx.store.db).add({
    announcementUuid: newAnnouncementUuid(),
    type,
    writerUuid: caller.uuid,
    writerName,
    clubName: club && type === 'club' ? club.name : null,
    title: input.title,
    content,
    targetGrade: targetDigits(input.targetGrade),
    targetGroup: targetDigits(input.targetGroup),
    writtenAt: ctx.clock().toISOString(),
  });
};

async function writerNameOf(ctx: AnnouncementContext, caller: Caller): Promise<string> {
  if (caller.role === 'admin') return ADMIN_WRITER_NAME;
  if (caller.role === 'student') throw forbidden('a student may post club announcements only', CODE);
  const name = await accountName(ctx.clients.auth, caller, caller.role, caller.uuid);
  if (name === undefined) throw notFound(`your account ${caller.uuid} is unknown to auth`, CODE);
  return name;
}

export interface Paging {
  start: number;
  count: number;
}

export const listAnnouncements =
  (ctx: AnnouncementContext) => async (caller: Caller, type: AnnouncementType, paging: Paging, title?: string) => {
    const reader = await readerOf(ctx, caller, type === 'school');
    return announcements(ctx.store.db).page(
      {
        type,
        offset: pageOffset(paging.start, paging.count),
        count: paging.count,
        ...(title ? { titleContains: title } : {}),
      },
      caller.uuid,
      reader.role === 'student' ? reader : undefined,
    );
  };

/** A teacher's or admin's school announcements, as anyone signed in may list them (targets aside, as the seed). */
export const listByWriter =
  (ctx: AnnouncementContext) => async (caller: Caller, writerUuid: string, paging: Paging) => {
    const role = roleOf(writerUuid);
    if (role !== 'teacher' && role !== 'admin') {
      throw forbidden(`${writerUuid} is not a teacher or admin; only they write school announcements`, CODE);
    }
    return announcements(ctx.store.db).page(
      { type: 'school', writerUuid, offset: pageOffset(paging.start, paging.count), count: paging.count },
      caller.uuid,
      undefined,
    );
  };

/**
 * Opens an announcement: the caller is now one of its readers. One the caller may not see (a school
 * announcement for other classes, to a student) is answered as if it did not exist, as the lists hide it,
 * and counts no view.
 */
export const readAnnouncement = (ctx: AnnouncementContext) => async (caller: Caller, announcementUuid: string) => {
  const repository = announcements(ctx.store.db);
  const announcement = await repository.find(announcementUuid);
  const missing = () => notFound(`announcement ${announcementUuid} does not exist`, CODE);
  if (!announcement) throw missing();
  const reader = await readerOf(ctx, caller, announcement.type === 'school');
  if (!isVisibleTo(announcement, reader)) throw missing();
  await repository.markRead(announcementUuid, caller.uuid, ctx.clock().toISOString());
  return { announcement, ...(await repository.neighbours(announcement, reader)) };
};

export interface AnnouncementRevision {
  title: string;
  content: string;
  targetGrade: number;
  targetGroup: number;
}

/** A full overwrite, as the seed: what is not sent becomes empty. */
export const reviseAnnouncement =
  (ctx: AnnouncementContext) => async (caller: Caller, announcementUuid: string, revision: AnnouncementRevision) => {
    const repository = announcements(ctx.store.db);
    const announcement = await writable(repository, caller, announcementUuid, mayChange, 'the writer or an admin');
    const revised: Announcement = {
      ...announcement,
      title: revision.title,
      content: revision.content === '' ? '{}' : contentOf(revision.content),
      targetGrade: targetDigits(revision.targetGrade),
      targetGroup: targetDigits(revision.targetGroup),
    };
    await repository.save(revised);
    return revised;
  };

export const deleteAnnouncement = (ctx: AnnouncementContext) => async (caller: Caller, announcementUuid: string) => {
  const repository = announcements(ctx.store.db);
  await writable(repository, caller, announcementUuid, mayDelete, 'its writer');
  await repository.remove(announcementUuid);
};

async function writable(
  repository: ReturnType<typeof announcements>,
  caller: Caller,
  announcementUuid: string,
  may: (announcement: Announcement, caller: Caller) => boolean,
  who: string,
) {
  const announcement = await repository.find(announcementUuid);
  if (!announcement) throw notFound(`announcement ${announcementUuid} does not exist`, CODE);
  if (!may(announcement, caller)) throw forbidden(`only ${who} may change announcement ${announcementUuid}`, CODE);
  return announcement;
}

/** Whether a student has unread announcements they may see, by type. */
export const unreadCheck = (ctx: AnnouncementContext) => async (caller: Caller, studentUuid: string) => {
  if (roleOf(studentUuid) !== 'student') {
    throw forbidden(`${studentUuid} is not a student uuid; the check is a student's`, CODE);
  }
  const placement = await placementOf(ctx.clients.auth, caller, studentUuid);
  if (!placement) throw notFound(`student ${studentUuid} does not exist`, CODE);
  return announcements(ctx.store.db).unread({ uuid: studentUuid, role: 'student', ...placement });
};

function contentOf(text: string): string {
  const content = normalizeContent(text);
  if (content === undefined) {
    throw badRequest('content must be a JSON object, e.g. {"content":"…"}', CODE);
  }
  return content;
}
