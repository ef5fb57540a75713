import { type JobFailure, permanent } from './job-failure.ts';
import { runProcess } from './run-process.ts';

export interface ProbedAudio {
  codec: string;
  sampleRate: number;
  channels: number;
}

interface FfprobeOutput {
  streams?: Array<{ codec_name?: string; sample_rate?: string; channels?: number }>;
}

/** Reads the first audio stream of `file`; anything that is not readable audio is a permanent failure. */
export async function probeAudio(file: string, signal: AbortSignal): Promise<ProbedAudio> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-select_streams', 'a:0', file];
  const result = await runProcess('ffprobe', args, { signal });
  if (result.exitCode !== 0) throw notAudio(readableReason(result.stderr, file));
  const info = JSON.parse(result.stdout || '{}') as FfprobeOutput;
  const stream = info.streams?.[0];
  if (!stream) throw notAudio('it contains no audio stream');
  const sampleRate = Number(stream.sample_rate);
  if (!stream.codec_name || !(sampleRate > 0)) throw notAudio('its audio stream has no usable format');
  // The length comes from the encode itself (decoded samples), which is exact where
  // container durations are estimates (VBR MP3 without a header, for one).
  return { codec: stream.codec_name, sampleRate, channels: stream.channels ?? 0 };
}

export function notAudio(reason: string): JobFailure {
  return permanent('not_audio', `The file could not be read as audio: ${reason}.`);
}

/** ffprobe's last complaint without the temp path it names: "Invalid data found when processing input". */
export function readableReason(stderr: string, file: string): string {
  const lines = stderr.split('\n').map((line) => line.split(file).join('').replace(/^[\s:]+/, '').trim()).filter(Boolean);
  const last = lines.at(-1) ?? 'unknown format';
  const short = last.length > 160 ? `${last.slice(0, 157)}...` : last;
  return short.charAt(0).toLowerCase() + short.slice(1).replace(/\.$/, '');
}
