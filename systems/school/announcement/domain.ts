import JSON5 from 'json5';

/**
 * School and club announcements (spec §1.5, §2.3). A school announcement names the grades and classes it is
 * for, as digits (123 = grades 1, 2 and 3; 14 = classes 1 and 4); a student sees it only when both their
 * grade and their class are among them. Club announcements, and everything for non-students, are visible to
 * all. Pure: no I/O.
 */

export const ANNOUNCEMENT_TYPES = ['school', 'club'] as const;
export type AnnouncementType = (typeof ANNOUNCEMENT_TYPES)[number];

export interface Announcement {
  announcementUuid: string;
  /** Increasing with each announcement: the order of lists and of next/previous. */
  number: number;
  type: AnnouncementType;
  writerUuid: string;
  /** The club's name for a leader's club announcement, the account's name otherwise (admin: 어드민). */
  writerName: string;
  /** The club a leader wrote for; null for anyone else's announcement. */
  clubName: string | null;
  title: string;
  /** A JSON object, as text. */
  content: string;
  /** Digits, e.g. '13'; '' targets no grade. */
  targetGrade: string;
  targetGroup: string;
  writtenAt: string;
}

/** Who is looking: non-students see everything; a student is placed by grade and class. */
export type Reader =
  | { uuid: string; role: 'teacher' | 'parent' | 'admin' }
  | { uuid: string; role: 'student'; grade: number; group: number };

export const ADMIN_WRITER_NAME = '어드민';

export function isAnnouncementType(value: string): value is AnnouncementType {
  return (ANNOUNCEMENT_TYPES as readonly string[]).includes(value);
}

/** `target_grade`/`target_group` as the API sends them (an int of digits) → stored digits; 0 → ''. */
export function targetDigits(value: number): string {
  return value > 0 ? String(value) : '';
}

export function targetNumber(digits: string): number {
  return digits === '' ? 0 : Number(digits);
}

export function isVisibleTo(announcement: Announcement, reader: Reader): boolean {
  if (reader.role !== 'student' || announcement.type === 'club') return true;
  return (
    announcement.targetGrade.includes(String(reader.grade)) && announcement.targetGroup.includes(String(reader.group))
  );
}

/** Who may post what: a student only club announcements, and only as a club's leader. */
export function mayPost(
  role: Reader['role'],
  type: AnnouncementType,
  leadsClub: boolean,
): { ok: true } | { ok: false; message: string } {
  if (role !== 'student') return { ok: true };
  if (type !== 'club') return { ok: false, message: 'a student may post club announcements only' };
  if (!leadsClub) return { ok: false, message: 'only a club leader may post a club announcement' };
  return { ok: true };
}

/** The writer or an admin may change an announcement. */
export function mayChange(announcement: Announcement, caller: { uuid: string; role: string }): boolean {
  return caller.uuid === announcement.writerUuid || caller.role === 'admin';
}

/** Only the writer may delete it (the seed gave admins no exception here). */
export function mayDelete(announcement: Announcement, caller: { uuid: string }): boolean {
  return caller.uuid === announcement.writerUuid;
}

/**
 * The content as stored: a JSON object, normalized. Relaxed JSON is accepted as the seed's Mongo parser
 * accepted it (`{'content':'mock'}`); anything that is not an object is refused (the seed answered 500).
 */
export function normalizeContent(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON5.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return JSON.stringify(parsed);
}

/** Spring's `PageRequest.of(start, count)`: `start` is a page index, not an offset. */
export function pageOffset(start: number, count: number): number {
  return start * count;
}
