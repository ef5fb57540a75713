import { type JobFailure, permanent } from './job-failure.ts';
import { runProcess } from './run-process.ts';
import type { AudioFormat } from './sniff.ts';
import { sourceInputArgs, sourceUrl } from './source-format.ts';

export interface ProbedAudio {
  format: AudioFormat;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Bits per sample of the decoded audio (`bits_per_raw_sample`, else `bits_per_sample`); 0 when the codec has none (lossy codecs). */
  bitsPerSample: number;
  /** The container's chapter markers, in order (`ffprobe -show_chapters`); empty when it has none. */
  chapters: { title: string; start_ms: number }[];
}

/** What bounds the work one source can cause. */
export interface SourceLimits {
  maxSourceSeconds: number;
  /** The setting the limit comes from, named in the failure: MAX_SOURCE_SECONDS for tracks (default), MAX_EPISODE_SECONDS for episodes. */
  limitSetting?: string;
  /** Wall-clock limit for each ffprobe or ffmpeg run. */
  processTimeoutMs: number;
}

interface FfprobeOutput {
  streams?: Array<{ codec_name?: string; sample_rate?: string; channels?: number; duration?: string; bits_per_sample?: number; bits_per_raw_sample?: string }>;
  format?: { duration?: string };
  chapters?: Array<{ start_time?: string; tags?: { title?: string } }>;
}

/** A few hundred markers at most, titles capped: they travel in the job's answer and the episode's row. */
const MAX_CHAPTERS = 500;
const MAX_CHAPTER_TITLE = 200;

/**
 * Reads the first audio stream of `file`, opened as `format`; anything that is
 * not readable audio, or is longer than the limit says (header durations can
 * lie, so the encode checks again), is a permanent failure.
 */
export async function probeAudio(file: string, format: AudioFormat, limits: SourceLimits, signal: AbortSignal): Promise<ProbedAudio> {
  const args = [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    '-show_chapters',
    '-select_streams',
    'a:0',
    ...sourceInputArgs(file, format),
  ];
  const result = await runProcess('ffprobe', args, { signal, timeoutMs: limits.processTimeoutMs });
  if (result.exitCode !== 0) throw notAudio(readableReason(result.stderr, file));
  const info = JSON.parse(result.stdout || '{}') as FfprobeOutput;
  const stream = info.streams?.[0];
  if (!stream) throw notAudio('it contains no audio stream');
  const sampleRate = Number(stream.sample_rate);
  if (!stream.codec_name || !(sampleRate > 0)) throw notAudio('its audio stream has no usable format');
  const declaredSeconds = Math.max(Number(info.format?.duration) || 0, Number(stream.duration) || 0);
  if (declaredSeconds > limits.maxSourceSeconds) throw tooLong(limits, declaredSeconds);
  // The length comes from the encode itself (decoded samples), which is exact where
  // container durations are estimates (VBR MP3 without a header, for one).
  return { format, codec: stream.codec_name, sampleRate, channels: stream.channels ?? 0, bitsPerSample: bitsPerSampleOf(stream), chapters: chaptersOf(info) };
}

/** FLAC and ALAC report their depth as `bits_per_raw_sample`; PCM as `bits_per_sample` (raw is absent for 16-bit and float PCM). */
function bitsPerSampleOf(stream: NonNullable<FfprobeOutput['streams']>[number]): number {
  const raw = Number(stream.bits_per_raw_sample);
  if (Number.isInteger(raw) && raw > 0) return raw;
  return stream.bits_per_sample && stream.bits_per_sample > 0 ? stream.bits_per_sample : 0;
}

function chaptersOf(info: FfprobeOutput): ProbedAudio['chapters'] {
  return (info.chapters ?? [])
    .slice(0, MAX_CHAPTERS)
    .map((c, i) => ({ title: (c.tags?.title?.trim() || `Chapter ${i + 1}`).slice(0, MAX_CHAPTER_TITLE), start_ms: Math.round(Number(c.start_time) * 1000) }))
    .filter((c) => Number.isFinite(c.start_ms) && c.start_ms >= 0);
}

export function notAudio(reason: string): JobFailure {
  return permanent('not_audio', `The file could not be read as audio: ${reason}.`);
}

/** `seconds` is the length when known; decoding stops a second past the limit, so the encode knows only that it was passed. */
export function tooLong(limits: Pick<SourceLimits, 'maxSourceSeconds' | 'limitSetting'>, seconds?: number): JobFailure {
  const max = limits.maxSourceSeconds;
  const setting = limits.limitSetting ?? 'MAX_SOURCE_SECONDS';
  const what = setting === 'MAX_EPISODE_SECONDS' ? 'episodes' : 'uploads';
  const length = seconds === undefined ? `longer than ${formatLength(max)}` : `${formatLength(seconds)} long`;
  return permanent('source_too_long', `The audio is ${length}; ${what} are limited to ${formatLength(max)} (${setting} = ${max}).`);
}

/** "45 s", "12 min 5 s", "4 h", "6 h 1 min 3 s". */
export function formatLength(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's'],
  ];
  return (
    parts
      .filter(([value]) => value > 0)
      .map(([value, unit]) => `${value} ${unit}`)
      .join(' ') || '0 s'
  );
}

/** ffprobe's last complaint without the temp path it names: "Invalid data found when processing input". */
export function readableReason(stderr: string, file: string): string {
  const withoutPath = (line: string): string => line.split(sourceUrl(file)).join('').split(file).join('');
  const lines = stderr
    .split('\n')
    .map((line) =>
      withoutPath(line)
        .replace(/^[\s:]+/, '')
        .trim(),
    )
    .filter(Boolean);
  const last = lines.at(-1) ?? 'unknown format';
  const short = last.length > 160 ? `${last.slice(0, 157)}...` : last;
  return short.charAt(0).toLowerCase() + short.slice(1).replace(/\.$/, '');
}
