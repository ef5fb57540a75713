import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestTone {
  seconds: number;
  /** Linear gain applied to the mix; 0.05 is quiet, 0.8 is loud. */
  gain?: number;
  sampleRate?: number;
}

/**
 * A sine tone followed by a three-note chord (the last 3 s), stereo, written in
 * whatever format `file`'s extension names (.wav, .flac, .mp3).
 */
export async function generateTone(file: string, { seconds, gain = 0.5, sampleRate = 44100 }: TestTone): Promise<void> {
  const toneSeconds = Math.max(seconds - 3, 0.5);
  const chordSeconds = seconds - toneSeconds;
  const filter =
    `sine=frequency=440:sample_rate=${sampleRate}:duration=${toneSeconds}[tone];` +
    [261.63, 329.63, 392].map((f, i) => `sine=frequency=${f}:sample_rate=${sampleRate}:duration=${chordSeconds}[n${i}];`).join('') +
    `[n0][n1][n2]amix=inputs=3:normalize=0[chord];` +
    `[tone][chord]concat=n=2:v=0:a=1,volume=${gain},aformat=channel_layouts=stereo[out]`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter, '-map', '[out]', file]);
}

/**
 * Something music-like for benchmarks: a chord progression (changing every 2 s)
 * over a pulsing bass and rhythmic noise, stereo 44.1 kHz.
 */
export async function generateMusic(file: string, seconds: number): Promise<void> {
  // The root steps through A, D, C, G every 2 s (semitones 0, 5, 3, -2 from 110 Hz).
  const root = '(110*pow(2,(st(0,mod(floor(t/2),4))*0+eq(ld(0),1)*5+eq(ld(0),2)*3-eq(ld(0),3)*2)/12))';
  const chord = (ratio: number) => `sin(2*PI*${root}*${ratio}*t)`;
  const left = `0.18*${chord(2)}+0.12*${chord(2.52)}+0.1*${chord(3)}+0.2*sin(2*PI*${root}*t)*(0.6+0.4*sin(2*PI*2*t))`;
  const right = `0.18*${chord(2)}+0.1*${chord(2.52)}+0.12*${chord(3.78)}+0.2*sin(2*PI*${root}*t)*(0.6+0.4*sin(2*PI*2*t))`;
  const filter =
    `aevalsrc=${`${left}|${right}`.replaceAll(',', '\\,')}:sample_rate=44100:duration=${seconds}[tones];` +
    `anoisesrc=color=pink:amplitude=0.25:sample_rate=44100:duration=${seconds},tremolo=f=4:d=0.95,aformat=channel_layouts=stereo[hats];` +
    `[tones][hats]amix=inputs=2:normalize=0,alimiter=limit=0.9[out]`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter, '-map', '[out]', file]);
}

export interface TestSpeech {
  seconds: number;
  /** Chapter markers written into the file (MP4/M4A only): each title starts at its second. */
  chapters?: { title: string; startSeconds: number }[];
}

/**
 * Something speech-like for episode tests, unlike the tones and chords music
 * tests use: a 120 Hz voice buzz through two formant-ish resonances, chopped
 * into ~4 syllables a second with a pause every 3 s, plus faint room noise;
 * stereo, so a mono ladder has something to fold. `file` names the format.
 */
export async function generateSpeech(file: string, { seconds, chapters = [] }: TestSpeech): Promise<void> {
  const voice = '(0.5*sin(2*PI*120*t)+0.3*sin(2*PI*240*t)+0.25*sin(2*PI*720*t)+0.15*sin(2*PI*1200*t))';
  // Syllables: a raised sine at 4 Hz; the last half second of every 3 s is a pause.
  const envelope = '(0.5-0.5*cos(2*PI*4*t))*lt(mod(t,3),2.5)';
  const filter =
    `aevalsrc=${`0.4*${voice}*${envelope}`.replaceAll(',', '\\,')}:sample_rate=48000:duration=${seconds}[v];` +
    `anoisesrc=color=brown:amplitude=0.01:sample_rate=48000:duration=${seconds}[room];` +
    `[v][room]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo[out]`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter];
  if (chapters.length > 0) {
    const lines = [';FFMETADATA1'];
    chapters.forEach((c, i) => {
      const end = chapters[i + 1]?.startSeconds ?? seconds;
      lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${c.startSeconds * 1000}`, `END=${end * 1000}`, `title=${c.title}`);
    });
    const metadata = `${file}.ffmetadata`;
    await writeFile(metadata, `${lines.join('\n')}\n`);
    // The filter graph makes the audio, so the metadata file is the only input (index 0).
    args.push('-i', metadata, '-map_chapters', '0');
  }
  args.push('-map', '[out]', '-c:a', file.endsWith('.m4a') ? 'aac' : file.endsWith('.flac') ? 'flac' : 'pcm_s16le', file);
  await run('ffmpeg', args);
}
