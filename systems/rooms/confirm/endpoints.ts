import { endpointsOf, HttpError, notFound } from '@mosaic/kit/service';
import { ADMINS, isAdmin, MEMBERS, requireAdmin, requireMember } from '../contracts/identity.ts';
import { type ConfirmContext, judge } from './commands.ts';
import { confirms } from './confirms.ts';
import { ConfirmParams, ConfirmQuery, Verdict } from './schemas.ts';
import { confirmView } from './views.ts';

const endpoint = endpointsOf<ConfirmContext>();

const listConfirms = endpoint({
  method: 'GET',
  path: '/confirms',
  query: ConfirmQuery,
  summary: "Confirm requests, oldest first (?status=BOOKED is the admins' queue); a member sees their own",
  gateway: { auth: MEMBERS },
  handle: async (ctx, { query, caller }) => {
    const who = requireMember(caller);
    const found = await confirms(ctx.store.db).list({
      ...query,
      userId: isAdmin(who) ? undefined : who.userId,
      page: query.page ?? 0,
      size: query.size ?? 20,
    });
    return found.map(confirmView);
  },
});

const getConfirm = endpoint({
  method: 'GET',
  path: '/confirms/:id',
  params: ConfirmParams,
  summary: 'One confirm request (an admin, or the member whose booking it is)',
  gateway: { auth: MEMBERS },
  handle: async (ctx, { params, caller }) => {
    const who = requireMember(caller);
    const found = await confirms(ctx.store.db).find(params.id);
    if (!found) throw notFound('confirm request', params.id);
    if (!isAdmin(who) && found.userId !== who.userId) {
      throw new HttpError('forbidden', `confirm request ${params.id} is about another member's booking`);
    }
    return confirmView(found);
  },
});

const decideConfirm = endpoint({
  method: 'PATCH',
  path: '/confirms/:id',
  params: ConfirmParams,
  body: Verdict,
  summary: 'Approve or deny a BOOKED request (admins); a denial cancels its booking first, or answers 503',
  gateway: { auth: ADMINS },
  handle: async (ctx, { params, body, caller }) =>
    confirmView(await judge(ctx)(requireAdmin(caller), params.id, body.status)),
});

export const confirmEndpoints = [listConfirms, getConfirm, decideConfirm];
