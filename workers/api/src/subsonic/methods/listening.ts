import { loadTracks } from '#core/catalog/reads.ts';
import { listeningQueueFor } from '#core/listening-queues.ts';
import { MAX_EVENTS_PER_REPORT } from '#core/protocol/listening.ts';
import { sha256Hex } from '../../auth/tokens.ts';
import { requestCountry } from '../../http/request-country.ts';
import { enqueue, toListeningMessage } from '../../listening/report.ts';
import { resolveTrackIds } from '../../player/resolve-tracks.ts';
import { deviceSession, runCommand } from '../../player/session.ts';
import { missingParameter, SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { child } from '../shapes.ts';

/**
 * scrobble, getPlayQueue and savePlayQueue over the listening pipeline and
 * the listener's Connect session (DeviceSession), the same ones the web
 * player reports to and plays from.
 */

/** The device a Subsonic app's plays are reported from: `subsonic:` and its `c` name, as the report's identifiers allow. */
const deviceOf = (client: string | undefined) => `subsonic:${(client ?? 'app').replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 54) || 'app'}`;

/**
 * `submission=true` (the default): each `id` was played (at `time`, epoch ms,
 * when given) — a report of a whole play, through the report rules
 * (toListeningMessage) and the listener's queue, so it counts exactly as the
 * web player's would; the event id follows from the track and time, so an app
 * that sends the same scrobble twice counts it once. `submission=false`: now
 * playing, in the listener's Connect session.
 */
async function scrobble({ env, params, user, request }: MethodContext) {
  const ids = params.all('id');
  if (ids.length === 0) throw missingParameter('id');
  if (ids.length > MAX_EVENTS_PER_REPORT) throw new SubsonicError(SubsonicCode.generic, `At most ${MAX_EVENTS_PER_REPORT} scrobbles at once.`);
  if (!params.bool('submission', true)) {
    const [entry] = await resolveTrackIds(env, [ids[0]!]);
    await runCommand(env, user.id, { action: 'external_play', entry: entry! });
    return {};
  }
  const times = params.all('time').map(Number);
  const tracks = await loadTracks(env, ids);
  const now = Date.now();
  const events = await Promise.all(
    ids.map(async (id, i) => {
      const durationMs = tracks.get(id)?.durationMs ?? 0;
      const at = Number.isFinite(times[i]) && times[i]! > 0 ? times[i]! : now;
      // A submission is a play that has happened: it ends by now at the latest.
      const startedAt = Math.min(at, now - durationMs);
      return {
        event_id: `ss_${(await sha256Hex(`${id} ${at}`)).slice(0, 40)}`,
        track_id: id,
        started_at: startedAt,
        ms_played: durationMs,
        completed: true,
        device_id: deviceOf(params.get('c')),
      };
    }),
  );
  const message = toListeningMessage({ events }, user.id, requestCountry(request), now);
  await enqueue(listeningQueueFor<Queue>(env, user.id), message);
  return {};
}

async function getPlayQueue({ env, user }: MethodContext) {
  const session = deviceSession(env, user.id);
  const [queue, player] = await Promise.all([session.upcoming(), session.player()]);
  // Subsonic's play queue holds songs: an episode playing is no queue to give.
  if (!queue.currently_playing || queue.currently_playing.type === 'episode') return {};
  const items = [queue.currently_playing, ...queue.queue];
  const tracks = await loadTracks(
    env,
    items.map((t) => t.id),
  );
  return {
    playQueue: {
      current: queue.currently_playing.id,
      position: player?.progress_ms ?? 0,
      username: user.id,
      changed: new Date(player?.timestamp ?? Date.now()).toISOString(),
      changedBy: player?.device?.name ?? 'Encore',
      entry: items.flatMap((t) => {
        const track = tracks.get(t.id);
        return track ? [child(track)] : [];
      }),
    },
  };
}

/** The app's queue becomes the session's, paused at `current` and `position`; no `id` leaves the session as it is. */
async function savePlayQueue({ env, params, user }: MethodContext) {
  const ids = params.all('id');
  if (ids.length === 0) return {};
  const tracks = await resolveTrackIds(env, ids, { skipMissing: true });
  const current = params.get('current') ?? ids[0]!;
  const offset = tracks.findIndex((t) => t.track_id === current);
  if (offset < 0) throw new SubsonicError(SubsonicCode.generic, `current ${JSON.stringify(current)} is not among the queued songs.`);
  await runCommand(env, user.id, { action: 'save_queue', tracks, offset, position_ms: params.int('position', 0, 0, Number.MAX_SAFE_INTEGER) });
  return {};
}

export const listeningMethods: MethodTable = {
  scrobble: { run: scrobble },
  getPlayQueue: { run: getPlayQueue },
  savePlayQueue: { run: savePlayQueue },
};
