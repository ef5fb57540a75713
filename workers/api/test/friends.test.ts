import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newUserDataId, regionOf } from '#core/ids.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { MAX_FOLLOWED_PEOPLE } from '../src/follow/people.ts';
import { api, body, registerUser, testAddress, type TestSession } from './helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';
import { connectDevice, seedTracks } from './player-support.ts';

const following = (user: TestSession, method: 'PUT' | 'DELETE', json: unknown) => api('/api/v1/me/following', { method, token: user.access_token, json });
const follow = (user: TestSession, ...people: TestSession[]) => following(user, 'PUT', { type: 'user', ids: people.map((p) => p.user.id) });
const unfollow = (user: TestSession, ...people: TestSession[]) => following(user, 'DELETE', { type: 'user', ids: people.map((p) => p.user.id) });
const followedPeople = async (user: TestSession, query = '') => body(await api(`/api/v1/me/following?type=user${query}`, { token: user.access_token }));

interface ActivityItem {
  user: { id: string; display_name: string };
  track: { id: string; title: string; artists: unknown[]; album: unknown };
  playing: boolean;
  timestamp: number;
}
async function activity(user: TestSession): Promise<ActivityItem[]> {
  const res = await api('/api/v1/me/friends/activity', { token: user.access_token });
  expect(res.status).toBe(200);
  return (await body(res)).items;
}
const activityOf = async (user: TestSession, friend: TestSession) => (await activity(user)).find((i) => i.user.id === friend.user.id);

const settings = (user: TestSession, json?: unknown) =>
  api('/api/v1/me/settings', json === undefined ? { token: user.access_token } : { method: 'PUT', token: user.access_token, json });
const goPrivate = async (user: TestSession, on: boolean) => expect(await body(await settings(user, { private_session: on }))).toEqual({ private_session: on });

async function registerIn(region: 'eu' | 'us'): Promise<TestSession> {
  const res = await api('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'CF-Connecting-IP': testAddress() },
    json: { email: `friend-${crypto.randomUUID()}@example.com`, password: 'correct horse battery', display_name: `Friend in ${region}`, data_region: region },
  });
  expect(res.status).toBe(201);
  return body(res);
}

const errorOf = async (res: Response) => ({ status: res.status, code: (await body(res)).error.code as string });

describe('following people', () => {
  it('refuses bad ids (422), unknown users (404), yourself and too many ids, and then follows nobody', async () => {
    const [me, friend] = [await registerUser(), await registerUser()];
    const stranger = newUserDataId('usr', regionOf(friend.user.id), 7);

    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: [friend.user.id, 'usr_zz_v0001_nope'] }))).toEqual({
      status: 422,
      code: 'invalid_id',
    });
    // A catalog id is not a user id, whatever its form.
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: ['trk_v0001_AAAAAAAAAAAAAAAA'] }))).toEqual({ status: 422, code: 'invalid_id' });
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: [friend.user.id, stranger] }))).toEqual({ status: 404, code: 'user_not_found' });
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: [friend.user.id, me.user.id] }))).toEqual({ status: 422, code: 'cannot_follow_self' });
    const tooMany = Array.from({ length: 51 }, (_, i) => newUserDataId('usr', 'eu', i));
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: tooMany }))).toEqual({ status: 422, code: 'invalid_request' });
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: [friend.user.id, friend.user.id] }))).toEqual({
      status: 422,
      code: 'invalid_request',
    });
    expect(await errorOf(await following(me, 'PUT', { type: 'user', ids: [] }))).toEqual({ status: 422, code: 'invalid_request' });
    expect(await errorOf(await following(me, 'PUT', { type: 'playlist', ids: [friend.user.id] }))).toEqual({ status: 422, code: 'invalid_request' });

    expect(await followedPeople(me)).toMatchObject({ items: [], total: 0 });
  });

  it('follows and unfollows people (ids or encore:user URIs), most recently followed first, following again keeping its place', async () => {
    const me = await registerUser();
    const [a, b, c] = [await registerUser(), await registerUser(), await registerIn('eu')];
    expect((await follow(me, a, b)).status).toBe(204);
    expect((await following(me, 'PUT', { type: 'user', ids: [`encore:user:${c.user.id}`] })).status).toBe(204);
    expect((await follow(me, a)).status).toBe(204);

    const listed = await followedPeople(me);
    expect(listed.total).toBe(3);
    expect(listed.items.map((p: { id: string }) => p.id)).toEqual([c.user.id, b.user.id, a.user.id]);
    expect(listed.items[0]).toMatchObject({ type: 'user', uri: `encore:user:${c.user.id}`, display_name: 'Friend in eu' });
    expect((await followedPeople(me, '&limit=1&offset=1')).items.map((p: { id: string }) => p.id)).toEqual([b.user.id]);

    expect((await unfollow(me, b)).status).toBe(204);
    // Unfollowing someone not followed is a no-op.
    expect((await unfollow(me, b)).status).toBe(204);
    expect((await followedPeople(me)).items.map((p: { id: string }) => p.id)).toEqual([c.user.id, a.user.id]);
    // Following is one-way: a follows nobody.
    expect((await followedPeople(a)).total).toBe(0);
  });

  it(`keeps each listener under ${MAX_FOLLOWED_PEOPLE} people followed in all`, async () => {
    const me = await registerUser();
    const [a, b] = [await registerUser(), await registerUser()];
    // Fill the follower's list up to one short of the limit, as earlier follows would have.
    const db = shardDb(env, 'USERS', shardOfId(env, 'USERS', me.user.id));
    const earlier = Array.from({ length: MAX_FOLLOWED_PEOPLE - 1 }, (_, i) => newUserDataId('usr', 'us', i % 1024));
    await db
      .prepare('INSERT INTO user_follows (follower_id, followee_id, followed_at) SELECT ?1, value, key FROM json_each(?2)')
      .bind(me.user.id, JSON.stringify(earlier))
      .run();

    expect(await errorOf(await follow(me, a, b))).toEqual({ status: 422, code: 'too_many_follows' });
    expect((await followedPeople(me)).total).toBe(MAX_FOLLOWED_PEOPLE - 1);
    expect((await follow(me, a)).status).toBe(204);
    // Following someone already followed adds nobody, so it still fits.
    expect((await follow(me, a)).status).toBe(204);
    expect(await errorOf(await follow(me, b))).toEqual({ status: 422, code: 'too_many_follows' });
  });

  it('still follows artists: type artist is saving them to the library, and lists them under type=artist', async () => {
    const me = await registerUser();
    const [track] = await seedTracks({ artists: 1, perArtist: 1 });
    expect((await following(me, 'PUT', { type: 'artist', ids: [track!.artistId] })).status).toBe(204);
    const artists = await body(await api('/api/v1/me/following?type=artist', { token: me.access_token }));
    expect(artists.items.map((a: { id: string }) => a.id)).toEqual([track!.artistId]);
    const saved = await body(await api(`/api/v1/me/library/contains?ids=encore:artist:${track!.artistId}`, { token: me.access_token }));
    expect(saved).toEqual([true]);
    // A track id is not an artist.
    expect(await errorOf(await following(me, 'PUT', { type: 'artist', ids: [track!.id] }))).toEqual({ status: 422, code: 'invalid_id' });
    expect((await following(me, 'DELETE', { type: 'artist', ids: [`encore:artist:${track!.artistId}`] })).status).toBe(204);
    expect((await body(await api('/api/v1/me/following', { token: me.access_token }))).total).toBe(0);
  });
});

describe('friend activity', () => {
  it('shows what a followed person plays now in their Connect session, then their last play, newest first; an unfollowed one disappears', async () => {
    const me = await registerUser();
    const [playing, listened] = [await registerUser(), await registerIn('eu')];
    expect(await activity(me)).toEqual([]);
    expect((await follow(me, playing, listened)).status).toBe(204);
    // Neither has played anything yet: neither shows.
    expect(await activity(me)).toEqual([]);

    // `listened` played a track an hour ago (reported, through the real consumer code).
    const heard = await seedTrack(2, { title: 'Heard an hour ago' });
    const hourAgo = Date.now() - 3_600_000;
    await listen(listened.user.id, [play(heard, hourAgo)]);

    // `playing` is playing on a connected device.
    const tracks = await seedTracks({ artists: 1, perArtist: 2 });
    const laptop = await connectDevice(playing.access_token, 'laptop');
    const played = await api('/api/v1/me/player/play?device_id=laptop', { method: 'PUT', token: playing.access_token, json: { uris: [tracks[1]!.uri] } });
    expect(played.status).toBe(204);
    await laptop.next('state', (m) => m.player?.is_playing === true);

    const items = await activity(me);
    expect(items.map((i) => [i.user.id, i.track.id, i.playing])).toEqual([
      [playing.user.id, tracks[1]!.id, true],
      [listened.user.id, heard, false],
    ]);
    expect(items[0]!.user.display_name).toBe(playing.user.display_name);
    expect(items[1]).toMatchObject({
      user: { display_name: 'Friend in eu' },
      track: { title: 'Heard an hour ago', artists: [{ name: 'Seeded Artist' }] },
      timestamp: hourAgo,
    });
    expect(items[0]!.timestamp).toBeGreaterThan(hourAgo);

    // Paused, the session no longer says playing: their last reported play stands, newer than the other's.
    await api('/api/v1/me/player/pause', { method: 'PUT', token: playing.access_token });
    await laptop.next('state', (m) => m.player?.is_playing === false);
    const minuteAgo = Date.now() - 60_000;
    await listen(playing.user.id, [play(tracks[0]!.id, minuteAgo)]);
    expect((await activity(me)).map((i) => [i.user.id, i.track.id, i.playing, i.timestamp])).toEqual([
      [playing.user.id, tracks[0]!.id, false, minuteAgo],
      [listened.user.id, heard, false, hourAgo],
    ]);

    expect((await unfollow(me, playing)).status).toBe(204);
    expect((await activity(me)).map((i) => i.user.id)).toEqual([listened.user.id]);
    laptop.close();
  });

  it('leaves out someone in a private session, and never shows what they played in it; unhiding shows them again', async () => {
    const [me, other] = [await registerUser(), await registerUser()];
    const friend = await registerUser();
    await follow(me, friend);
    await follow(other, friend);
    const [before, during, after] = [await seedTrack(1), await seedTrack(1), await seedTrack(3)];
    await listen(friend.user.id, [play(before, Date.now() - 600_000)]);
    expect((await activityOf(me, friend))?.track.id).toBe(before);

    expect(await body(await settings(friend))).toEqual({ private_session: false });
    await goPrivate(friend, true);
    // Setting it again changes nothing.
    await goPrivate(friend, true);
    expect(await body(await settings(friend))).toEqual({ private_session: true });
    expect(await activityOf(me, friend)).toBeUndefined();
    expect(await activityOf(other, friend)).toBeUndefined();

    // Playing meanwhile, both reported and live in the session: still absent.
    await listen(friend.user.id, [play(during, Date.now())]);
    const [live] = await seedTracks({ artists: 1, perArtist: 1 });
    const phone = await connectDevice(friend.access_token, 'phone', 'smartphone');
    await api('/api/v1/me/player/play?device_id=phone', { method: 'PUT', token: friend.access_token, json: { uris: [live!.uri] } });
    await phone.next('state', (m) => m.player?.is_playing === true);
    expect(await activityOf(me, friend)).toBeUndefined();

    await api('/api/v1/me/player/pause', { method: 'PUT', token: friend.access_token });
    await phone.next('state', (m) => m.player?.is_playing === false);
    await goPrivate(friend, false);
    // Shown again, with their last play from before the private session, not the one inside it.
    expect(await activityOf(me, friend)).toMatchObject({ track: { id: before }, playing: false });

    // What they play from now on shows.
    await api('/api/v1/me/player/play', { method: 'PUT', token: friend.access_token, json: {} });
    await phone.next('state', (m) => m.player?.is_playing === true);
    expect(await activityOf(other, friend)).toMatchObject({ track: { id: live!.id }, playing: true });
    await api('/api/v1/me/player/pause', { method: 'PUT', token: friend.access_token });
    await listen(friend.user.id, [play(after, Date.now())]);
    expect(await activityOf(me, friend)).toMatchObject({ track: { id: after }, playing: false });
    phone.close();
  });

  it("changes only the caller's own settings: another user's cannot be named", async () => {
    const [me, friend] = [await registerUser(), await registerUser()];
    await follow(me, friend);
    await listen(friend.user.id, [play(await seedTrack(0), Date.now() - 5_000)]);

    expect(await errorOf(await settings(me, { private_session: true, user_id: friend.user.id }))).toEqual({ status: 422, code: 'invalid_request' });
    expect(await errorOf(await settings(me, { private_session: 'yes' }))).toEqual({ status: 422, code: 'invalid_request' });
    expect(await errorOf(await settings(me, {}))).toEqual({ status: 422, code: 'invalid_request' });
    expect((await api('/api/v1/me/settings', { method: 'PUT', json: { private_session: true } })).status).toBe(401);
    await goPrivate(me, true);

    expect(await body(await settings(friend))).toEqual({ private_session: false });
    expect(await activityOf(me, friend)).toMatchObject({ playing: false });
  });
});
