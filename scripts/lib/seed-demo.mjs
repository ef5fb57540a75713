// The demo catalog `npm run dev` seeds on first start, through the real upload
// and transcode path, so a newcomer has something to play at once.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateTrack } from './audio.mjs';
import { ApiError, client, CONTENT_TYPES } from './client.mjs';
import { coverPng } from './cover-art.mjs';

export const DEMO_PASSWORD = 'encore-demo';

export const DEMO = [
  {
    artist: 'The Sine Waves',
    email: 'sinewaves@encore.local',
    album: 'Pure Tones',
    tracks: [
      { title: 'First Light', root: 'A', bpm: 92, ext: '.flac' },
      { title: 'Harmonic Drift', root: 'D', bpm: 104, ext: '.wav' },
    ],
  },
  {
    artist: 'Aurora Lattice',
    email: 'aurora@encore.local',
    album: 'Northern Grid',
    tracks: [
      { title: 'Polar Night', root: 'E', bpm: 80, ext: '.mp3' },
      { title: 'Magnetic Field', root: 'G', bpm: 120, ext: '.flac' },
    ],
  },
  {
    artist: 'Nova Drift',
    email: 'nova@encore.local',
    album: 'Slow Orbit',
    tracks: [
      { title: 'Perihelion', root: 'C', bpm: 70, ext: '.flac' },
      { title: 'Escape Velocity', root: 'F', bpm: 128, ext: '.mp3' },
    ],
  },
];

async function signIn(api, email, displayName, role) {
  try {
    return await api.register(email, DEMO_PASSWORD, displayName, role);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) return api.login(email, DEMO_PASSWORD);
    throw err;
  }
}

/**
 * Generated covers for each demo album and a picture for each demo artist,
 * through the same PUT /image path an artist uses. Once per state directory,
 * with its own marker, so a state seeded before covers existed gets them too.
 */
async function seedDemoCovers(origin, persistDir, log) {
  const marker = path.join(persistDir, 'demo-covers');
  if (existsSync(marker)) return;
  const api = client(origin);
  await Promise.all(
    DEMO.map(async ({ artist, email, album }) => {
      const asArtist = api.withToken((await api.login(email, DEMO_PASSWORD)).access_token);
      const { artist_id: artistId } = await asArtist.call('GET', '/api/v1/me');
      const albums = await asArtist.call('GET', `/api/v1/artists/${artistId}/albums?limit=50`);
      const found = albums.items.find((a) => a.name === album);
      if (found) await asArtist.setImage('album', found.id, await coverPng(album));
      await asArtist.setImage('artist', artistId, await coverPng(artist));
      log(`cover art for "${album}" and ${artist}`);
    }),
  );
  writeFileSync(marker, new Date().toISOString());
}

/** Seeds once per persisted state directory (covers once too); returns the seeded tracks, or null if they were there. */
export async function seedDemoCatalog(origin, persistDir, log = console.log) {
  const seeded = await seedDemoTracks(origin, persistDir, log);
  await seedDemoCovers(origin, persistDir, log);
  return seeded;
}

async function seedDemoTracks(origin, persistDir, log) {
  const marker = path.join(persistDir, 'demo-seeded');
  if (existsSync(marker)) return null;
  const audioDir = path.join(persistDir, 'demo-audio');
  mkdirSync(audioDir, { recursive: true });
  const api = client(origin);
  await signIn(api, 'listener@encore.local', 'Demo Listener', 'listener');
  await signIn(api, 'admin@encore.local', 'Encore Admin', 'listener');

  const seeded = [];
  await Promise.all(
    DEMO.map(async ({ artist, email, album, tracks }) => {
      const session = await signIn(api, email, artist, 'artist');
      const asArtist = api.withToken(session.access_token);
      for (const [i, t] of tracks.entries()) {
        const file = await generateTrack(path.join(audioDir, `${artist}-${t.title}${t.ext}`.replace(/\s+/g, '_')), {
          seconds: 45 + i * 15,
          root: t.root,
          bpm: t.bpm,
          seed: `${artist} ${t.title}`,
        });
        const upload = await asArtist.uploadFile(file, { title: t.title, album, genre: 'ambient', track_number: i + 1 }, CONTENT_TYPES[t.ext]);
        const done = await asArtist.waitForUpload(upload.id);
        if (done.status !== 'ready') throw new Error(`demo track ${t.title} failed: ${done.error}`);
        seeded.push({ artist, title: t.title, track_id: upload.track_id });
        log(`seeded "${t.title}" by ${artist} (${upload.track_id})`);
      }
    }),
  );
  writeFileSync(marker, JSON.stringify(seeded, null, 2));
  return seeded;
}
