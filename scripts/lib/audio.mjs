// Generates music-like test audio: a seeded melody over a bass line and a
// rhythm of noise, so loudness and codecs have something realistic to work on,
// and so that tracks made from different seeds are different recordings to an
// acoustic fingerprint (a steady tone fingerprints the same whoever uploads it,
// and uploads that match another artist's track are held).
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const NOTE_HZ = { C: 261.63, D: 293.66, E: 329.63, F: 349.23, G: 392.0, A: 440.0, B: 493.88 };
const SAMPLE_RATE = 44100;
const SCALES = [
  [0, 2, 4, 5, 7, 9, 11],
  [0, 2, 3, 5, 7, 8, 10],
  [0, 2, 4, 7, 9],
  [0, 3, 5, 7, 10],
];

/**
 * @param {string} outFile  .flac, .wav or .mp3 (ffmpeg picks the codec from the extension)
 * @param {{seconds: number, root?: keyof typeof NOTE_HZ, volume?: number, bpm?: number, seed?: string}} options
 *   `seed` picks the melody, rhythm and scale (default: the file's name with the root and tempo),
 *   so give tracks of different artists different seeds, such as their titles.
 */
export async function generateTrack(outFile, { seconds, root = 'A', volume = 0.25, bpm = 100, seed }) {
  const samples = synthesize(seed ?? `${path.basename(outFile)}:${root}:${bpm}`, seconds, NOTE_HZ[root], bpm, volume);
  await encodeFloat32(samples, outFile);
  return outFile;
}

/** Interleaved stereo float samples of a seeded tune. */
export function synthesize(seed, seconds, rootHz, bpm, volume) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const scale = pick(SCALES);
  // The seed also moves the key a few semitones from `root`, so tunes asked for in one key still differ in pitch.
  const tonic = rootHz * 2 ** (Math.floor(random() * 12 - 5) / 12);
  const beat = (60 / bpm) * pick([0.7, 0.85, 1, 1.2, 1.4]);
  const frames = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(frames * 2);
  const pitchOf = (degree) => tonic * 2 ** ((12 * Math.floor(degree / scale.length) + scale[((degree % scale.length) + scale.length) % scale.length]) / 12);
  // A chord per bar of four beats, from a random progression of four.
  const progression = Array.from({ length: 4 }, () => Math.floor(random() * scale.length));

  // The melody: a random walk over the scale in notes of varied length, with rests.
  let degree = Math.floor(random() * scale.length);
  for (let t = 0; t < seconds; ) {
    const length = beat * pick([0.5, 0.5, 1, 1, 1.5, 2]);
    degree = Math.max(-4, Math.min(10, degree + pick([-3, -2, -1, -1, 1, 1, 2, 3, 4])));
    if (random() > 0.12)
      addNote(
        out,
        t,
        length,
        pitchOf(degree),
        0.32,
        pick([
          [1, 0.5, 0.25],
          [1, 0.2, 0.4, 0.1],
          [1, 0.6, 0.1, 0.3],
        ]),
        random() * 2 - 1,
      );
    t += length;
  }
  // The harmony: each bar's triad held softly, its root in the bass.
  for (let bar = 0, t = 0; t < seconds; bar++, t += beat * 4) {
    const chord = progression[bar % progression.length];
    for (const step of [0, 2, 4]) addNote(out, t, beat * 4, pitchOf(chord + step - scale.length), 0.1, [1, 0.3], step / 2 - 1);
    addNote(out, t, beat * 4, pitchOf(chord - scale.length) / 2, 0.28, [1, 0.4], 0);
  }
  // The rhythm: bursts of noise on a random pattern of eighths.
  const pattern = Array.from({ length: 8 }, () => random() < 0.45);
  for (let step = 0, t = 0; t < seconds; step++, t += beat / 2) if (pattern[step % 8]) addNoise(out, t, beat / 3, 0.12, random);

  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const gain = (volume * 3.2) / Math.max(peak, 1e-9);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, out[i] * gain));
  return out;
}

function addNote(out, start, length, hz, level, harmonics, pan) {
  const first = Math.round(start * SAMPLE_RATE);
  const count = Math.min(Math.round(length * SAMPLE_RATE), out.length / 2 - first);
  const left = level * (1 - pan * 0.4);
  const right = level * (1 + pan * 0.4);
  for (let i = 0; i < count; i++) {
    const t = i / SAMPLE_RATE;
    const envelope = Math.min(1, t / 0.01) * Math.exp((-2.2 * t) / length) * Math.min(1, (count - i) / 441);
    let v = 0;
    for (let h = 0; h < harmonics.length; h++) v += harmonics[h] * Math.sin(2 * Math.PI * hz * (h + 1) * t);
    out[(first + i) * 2] += v * envelope * left;
    out[(first + i) * 2 + 1] += v * envelope * right;
  }
}

function addNoise(out, start, length, level, random) {
  const first = Math.round(start * SAMPLE_RATE);
  const count = Math.min(Math.round(length * SAMPLE_RATE), out.length / 2 - first);
  for (let i = 0; i < count; i++) {
    const v = (random() * 2 - 1) * level * Math.exp((-8 * i) / count);
    out[(first + i) * 2] += v;
    out[(first + i) * 2 + 1] += v;
  }
}

/** mulberry32 over an FNV-1a hash of the seed. */
function seededRandom(seed) {
  let state = 2166136261;
  for (const ch of String(seed)) state = Math.imul(state ^ ch.charCodeAt(0), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pipes the samples through ffmpeg into `outFile`, whose extension names the format. */
function encodeFloat32(samples, outFile) {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'f32le',
        '-ar',
        `${SAMPLE_RATE}`,
        '-ac',
        '2',
        '-i',
        'pipe:0',
        ...(outFile.endsWith('.flac') || outFile.endsWith('.wav') ? ['-sample_fmt', 's16'] : []),
        outFile,
      ],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not write ${outFile}: ${stderr.slice(-1500)}`))));
    ffmpeg.stdin.end(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  });
}

/** Decodes a URL or file fully with ffmpeg and returns the decoded duration in seconds. */
export async function decodedSeconds(input) {
  const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-nostats', '-i', input, '-map', '0:a:0', '-f', 'null', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err) => {
    throw new Error(`ffmpeg could not decode ${input}: ${err.stderr?.slice(-1500) ?? err.message}`);
  });
  const matches = [...stderr.matchAll(/time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)];
  const last = matches.at(-1);
  if (!last) throw new Error(`no decode progress in ffmpeg output:\n${stderr.slice(-1500)}`);
  return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
}
