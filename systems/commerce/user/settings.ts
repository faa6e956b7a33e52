import { Type } from '@mosaic/kit/http';
import { tokenSettings } from '../accounts/tokens.ts';

/** user's own setting besides the token lifetimes: the seed's limit of 3 addresses. */
export const settings = {
  'address.limit': Type.Integer({ minimum: 1, maximum: 20, default: 3, description: 'addresses a user may keep' }),
};

export const userSettings = { ...tokenSettings, ...settings };
