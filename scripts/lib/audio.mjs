// Generates music-like test audio with ffmpeg: a few detuned chord tones with a
// pulse, so loudness and codecs have something realistic to work on.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const NOTE_HZ = { C: 261.63, D: 293.66, E: 329.63, F: 349.23, G: 392.0, A: 440.0, B: 493.88 };

/**
 * @param {string} outFile  .flac, .wav or .mp3 (ffmpeg picks the codec from the extension)
 * @param {{seconds: number, root?: keyof typeof NOTE_HZ, volume?: number, bpm?: number}} options
 */
export async function generateTrack(outFile, { seconds, root = 'A', volume = 0.25, bpm = 100 }) {
  const f = NOTE_HZ[root];
  const beat = 60 / bpm;
  const pulse = `(0.6+0.4*pow(sin(PI*t/${beat}),8))`;
  const chord = `sin(2*PI*${f / 2}*t)+0.6*sin(2*PI*${f * 1.25}*t)+0.5*sin(2*PI*${f * 1.5}*t)+0.2*sin(2*PI*${f * 2.003}*t)`;
  // Commas separate filters in a filtergraph, so the ones inside the expression are escaped.
  const expr = `${volume}*${pulse}*(${chord})/2.3`.replaceAll(',', '\\,');
  await execFileAsync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=${expr}|${expr}*0.97:s=44100:d=${seconds}`,
    outFile,
  ]);
  return outFile;
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
