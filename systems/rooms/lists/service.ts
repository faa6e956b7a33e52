import { defineService } from '@mosaic/kit/service';
import { listEndpoints } from './endpoints.ts';
import { BOOKING_LISTS_GROUP, bookingLists, ROOM_USE_LISTS_GROUP, roomUseLists } from './policies.ts';
import { type ListTables, migrations } from './store.ts';

/**
 * lists: the two CQRS views of the seed (its bookingList and roomuseList services, which shared a port, R-B16),
 * built only from events and rebuilt from the log by an operator (`POST /admin/views/<view>/rebuild`).
 */
export const listService = defineService<ListTables>({
  name: 'lists',
  system: 'rooms',
  migrations,
  endpoints: listEndpoints,
  policies: { bookingLists, roomUseLists },
  views: {
    bookingLists: {
      group: BOOKING_LISTS_GROUP,
      clear: async (tx) => {
        await tx.db.deleteFrom('booking_lists').execute();
      },
    },
    roomUseLists: {
      group: ROOM_USE_LISTS_GROUP,
      clear: async (tx) => {
        await tx.db.deleteFrom('room_use_lists').execute();
      },
    },
  },
});
