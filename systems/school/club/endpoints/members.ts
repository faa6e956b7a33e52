import { created } from '@mosaic/kit/service';
import { ok } from '../../contracts/envelope.ts';
import { addClubMember, changeLeader, removeClubMember } from '../commands.ts';
import { clubContext } from '../context.ts';
import { ClubParams, MemberParams, NewLeaderBody, StudentBody } from '../schemas.ts';
import { endpoint, manager } from './shared.ts';

/** Who belongs to a club and who leads it: its leader's or an admin's to change. */

export const addMember = endpoint({
  method: 'POST',
  path: '/v1/clubs/uuid/:club_uuid/members',
  params: ClubParams,
  body: StudentBody,
  summary: 'Add a member (leader or admin)',
  gateway: {},
  handle: async (ctx, { params, body, caller }) => {
    await addClubMember(clubContext(ctx))(manager(caller), params.club_uuid, body.student_uuid);
    return created(ok(201, `${body.student_uuid} joined the club`));
  },
});

export const removeMember = endpoint({
  method: 'DELETE',
  path: '/v1/clubs/uuid/:club_uuid/members/:student_uuid',
  params: MemberParams,
  summary: 'Remove a member (leader or admin; never the leader)',
  gateway: {},
  handle: async (ctx, { params, caller }) => {
    const { club_uuid, student_uuid } = params;
    await removeClubMember(clubContext(ctx))(manager(caller), club_uuid, student_uuid);
    return ok(200, `${student_uuid} left the club`);
  },
});

export const handOver = endpoint({
  method: 'PUT',
  path: '/v1/clubs/uuid/:club_uuid/leader',
  params: ClubParams,
  body: NewLeaderBody,
  summary: 'Hand the club to another member (leader or admin)',
  gateway: {},
  handle: async (ctx, { params, body, caller }) => {
    const { new_leader_uuid } = body;
    await changeLeader(clubContext(ctx))(manager(caller), params.club_uuid, new_leader_uuid);
    return ok(200, `${new_leader_uuid} leads the club now`);
  },
});
