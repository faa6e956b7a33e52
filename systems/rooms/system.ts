import { defineSystem } from '@mosaic/kit/runtime';
import { bookingService } from './booking/service.ts';
import { confirmService } from './confirm/service.ts';
import { JWKS_PATH, TOKEN_AUDIENCE, TOKEN_ISSUER } from './contracts/accounts.ts';
import { ROLES, roomsEvents } from './contracts/events.ts';
import { roomsDemo, roomsDemoCallers } from './demo.ts';
import { listService } from './lists/service.ts';
import { memberService } from './member/service.ts';
import { notificationService } from './notification/service.ts';
import { realuseService } from './realuse/service.ts';

/**
 * Meeting-room booking (seed 003, the SK C&C CNA course's rooms): members book rooms, never twice for one slot;
 * admins approve or deny, a denial cancelling the booking synchronously. One gateway checks every member's
 * token; its routes come from the services' endpoints.
 */
export const rooms = defineSystem({
  name: 'rooms',
  title: 'meeting-room booking: members, rooms, bookings without double booking, approval',
  gateway: {
    port: 8091,
    auth: {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['ES256'],
      keys: { jwks: { service: 'member', path: JWKS_PATH } },
      roles: ROLES,
    },
  },
  events: roomsEvents,
  demo: roomsDemo,
  demoCallers: roomsDemoCallers,
  services: [
    { definition: memberService, port: 8381 },
    { definition: bookingService, port: 8382 },
    { definition: confirmService, port: 8383 },
    { definition: realuseService, port: 8384 },
    { definition: notificationService, port: 8385 },
    { definition: listService, port: 8386 },
  ],
});

export default rooms;
