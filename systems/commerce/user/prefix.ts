/** user's path prefix at the gateway (the seed's `/user-service`), also its refresh cookie's path. */
export const PREFIX = '/user-service';
