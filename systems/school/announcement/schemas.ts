import { stringEnum, Type, withDefaults } from '@mosaic/kit/http';
import { pageQuery } from '../contracts/schemas.ts';
import { ANNOUNCEMENT_TYPES } from './domain.ts';

/** The announcement endpoints' schemas (spec §1.5): the service and the gateway validate with them. */

const text = (maxLength: number, minLength = 0, options: { default?: string; description?: string } = {}) =>
  Type.String({ minLength, maxLength, ...options });
// An `enum`, so a wrong value is answered with the allowed ones listed.
const type = () => stringEnum(ANNOUNCEMENT_TYPES, { description: 'school or club' });

export const TypeParams = Type.Object({ type: type() });

export const SearchParams = Type.Object({ type: type(), search_query: text(50, 1) });

export const AnnouncementParams = Type.Object({ announcement_uuid: text(40, 1) });

export const WriterParams = Type.Object({ writer_uuid: text(40, 1) });

export const StudentParams = Type.Object({ student_uuid: text(40, 1) });

/** `start` is a page index (the seed's Spring paging), `count` 0 means 10. */
export const PagingQuery = withDefaults({}, Type.Required(Type.Object(pageQuery)).properties);

/** Digits of the grades (1–3) and classes (1–4) a school announcement is for; 0 for none. */
const targets = () => ({
  target_grade: Type.Integer({ minimum: 0, maximum: 123, default: 0 }),
  target_group: Type.Integer({ minimum: 0, maximum: 1234, default: 0 }),
});

export const NewAnnouncement = withDefaults(
  {
    type: type(),
    title: text(50, 1),
    content: text(1000, 1, { description: 'a JSON object as text, e.g. {"content":"…"}' }),
  },
  targets(),
);

/** A full overwrite, as the seed: what is left out becomes empty (title, content) or 0 (targets). */
export const AnnouncementRevision = withDefaults(
  {},
  { title: text(50, 0, { default: '' }), content: text(1000, 0, { default: '' }), ...targets() },
);
