import { PATTERN_MEANS, Type, withDefaults } from '@mosaic/kit/http';
import { uuidSchema } from '../contracts/accounts.ts';
import { pageQuery } from '../contracts/schemas.ts';

/**
 * The club endpoints' schemas (spec §1.2): the service validates with them and the gateway validates with
 * the same ones before a request travels. Multipart forms are the service's alone to read (`form.ts`).
 */

/** A logo is a small image: 1 MiB at most (the multipart form around it may add a little). */
export const LOGO_MAX_BYTES = 1024 * 1024;
/** What the gateway lets through to the club's form endpoints: the logo and the form around it. */
export const FORM_MAX_BYTES = LOGO_MAX_BYTES + 64 * 1024;

const text = (maxLength: number, minLength = 0, options: { description?: string } = {}) =>
  Type.String({ minLength, maxLength, ...options });
const uuidText = () => text(40, 1);

export const ClubParams = Type.Object({ club_uuid: uuidText() });

export const MemberParams = Type.Object({ club_uuid: uuidText(), student_uuid: uuidText() });

export const RecruitmentParams = Type.Object({ recruitment_uuid: uuidText() });

export const FloorParams = Type.Object({ floor: Type.Integer({ minimum: 1, maximum: 5 }) });

export const LeaderParams = Type.Object({ leader_uuid: uuidText() });

/** `start` skips, `count` 0 means 10; `field` matches exactly, `name` is a part of the club's name. */
export const ClubListQuery = withDefaults(
  {},
  {
    ...Type.Required(Type.Object(pageQuery)).properties,
    field: Type.Optional(text(20)),
    name: Type.Optional(text(30)),
  },
);

const clubUuids = () => Type.Optional(Type.Array(text(400, 1), { maxItems: 100 }));

/**
 * Which clubs: `club_uuids` repeated (or comma-separated). The seed also read a JSON body on this GET and
 * the query key `ClubUUIDs`; a GET body does not survive proxies, so the query it is, under either name.
 */
export const ClubUuidsQuery = Type.Object({ club_uuids: clubUuids(), ClubUUIDs: clubUuids() });

/** `?v=<n>` on a logo URL: the logo's version, so a new logo gets a new URL; the service serves the current one. */
export const LogoQuery = Type.Object({
  v: Type.Optional(Type.Integer({ minimum: 0, description: 'the logo version in logo_uri' })),
});

/** An uploaded file, as `form.ts` hands it to the form's schema: any object, checked to be an image after. */
const file = (description: string) => Type.Unsafe<unknown>({ type: 'object', description });

/** The multipart form of `POST /v1/clubs`; `logo` is the uploaded file. */
export const NewClubForm = Type.Object({
  name: text(30, 1),
  leader_uuid: uuidSchema('student'),
  member_uuids: text(2100, 1, { description: 'student uuids joined by |, the leader among them' }),
  field: text(20, 1),
  location: text(20, 1),
  // A form field is text, and bodies are checked as sent (no coercion): the floor is its one digit.
  floor: Type.String({ pattern: '^[1-5]$', [PATTERN_MEANS]: 'one digit, 1 to 5', description: 'the floor, 1 to 5' }),
  logo: file('the logo image file (PNG, JPEG, GIF or WebP)'),
});

/** The multipart form of `PATCH /v1/clubs/uuid/:club_uuid`; an empty field keeps the current value. */
export const ClubRevisionForm = Type.Object({
  club_concept: Type.Optional(text(40)),
  introduction: Type.Optional(text(150)),
  link: Type.Optional(text(100)),
  logo: Type.Optional(file('a new logo image file (optional)')),
});

export const StudentBody = Type.Object({ student_uuid: uuidSchema('student') });

export const NewLeaderBody = Type.Object({ new_leader_uuid: uuidSchema('student') });

const day = () =>
  Type.String({
    pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$',
    [PATTERN_MEANS]: 'a date as YYYY-MM-DD, or empty',
    description: 'YYYY-MM-DD (Korea); empty for none',
  });

const RecruitMember = Type.Object({
  grade: Type.Integer({ minimum: 1, maximum: 3 }),
  field: text(20, 1),
  number: Type.Integer({ minimum: 1, maximum: 20 }),
});

export const NewRecruitmentBody = Type.Object({
  club_uuid: uuidText(),
  recruit_concept: text(40, 1),
  end_period: Type.Optional(day()),
  members: Type.Array(RecruitMember, { minItems: 1, maxItems: 30 }),
});

export const RecruitmentRevisionBody = Type.Object({
  recruit_concept: Type.Optional(text(40)),
  end_period: Type.Optional(day()),
  members: Type.Optional(Type.Array(RecruitMember, { maxItems: 30 })),
});
