import { type Envelope, on } from '@mosaic/kit/messaging';
import type { ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import { roomsEvents } from '../contracts/events.ts';
import { BOOKING_LIST_EVENTS } from './booking-list.ts';
import { ROOM_USE_LIST_EVENTS } from './room-use-list.ts';
import { projectBookingList, projectRoomUseList } from './rows.ts';
import type { ListTables } from './store.ts';

export type ListContext = ServiceContext<ListTables>;

/** The views' consumer groups: an operator's rebuild clears a view and replays its group from the log. */
export const BOOKING_LISTS_GROUP = 'lists.bookingLists';
export const ROOM_USE_LISTS_GROUP = 'lists.roomUseLists';

const handlers = (types: readonly string[], project: (tx: Tx<ListTables>, event: Envelope) => Promise<void>) =>
  Object.fromEntries(types.map((type) => [type, (event: Envelope, tx: Tx<ListTables>) => project(tx, event)]));

export const bookingLists = on<typeof roomsEvents.schemas, ListTables, ListContext>(
  roomsEvents,
  handlers(BOOKING_LIST_EVENTS, projectBookingList),
  { group: BOOKING_LISTS_GROUP },
);

export const roomUseLists = on<typeof roomsEvents.schemas, ListTables, ListContext>(
  roomsEvents,
  handlers(ROOM_USE_LIST_EVENTS, projectRoomUseList),
  { group: ROOM_USE_LISTS_GROUP },
);
