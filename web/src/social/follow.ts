import { api } from '../api.ts';

/** Follows people (`PUT /me/following {type:"user"}`), or stops (`DELETE`). */
export const followPeople = (ids: string[], follow = true): Promise<unknown> => api(follow ? 'PUT' : 'DELETE', '/api/v1/me/following', { type: 'user', ids });
