// The demo catalog `npm run dev` seeds on first start, through the real upload
// and transcode path, so a newcomer has something to play at once.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateTrack } from './audio.mjs';
import { ApiError, client, CONTENT_TYPES } from './client.mjs';

export const DEMO_PASSWORD = 'encore-demo';

const DEMO = [
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

/** Seeds once per persisted state directory; returns the seeded tracks. */
export async function seedDemoCatalog(origin, persistDir, log = console.log) {
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
