import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Decodes `input` (a file or URL; `headers` are sent for HTTP inputs) to nothing
 * and returns how many seconds of audio came out, counted in samples.
 */
export async function decodedSeconds(input: string, headers?: string): Promise<number> {
  const args = [
    '-hide_banner',
    '-nostats',
    ...(headers ? ['-headers', headers] : []),
    '-i',
    input,
    '-map',
    '0:a:0',
    '-af',
    'aformat=channel_layouts=stereo,volumedetect',
    '-f',
    'null',
    '-',
  ];
  const { stderr } = await run('ffmpeg', args);
  const samples = Number(/n_samples:\s*(\d+)/.exec(stderr)?.[1]);
  const rate = Number(/Audio: [^,]+, (\d+) Hz/.exec(stderr)?.[1]);
  return samples / 2 / rate;
}

export interface StreamInfo {
  codec_name: string;
  profile: string;
  sample_rate: string;
  channels: number;
}

/** ffprobe's view of the first audio stream of `input`. */
export async function audioStreamInfo(input: string, headers?: string): Promise<StreamInfo> {
  const args = ['-v', 'error', ...(headers ? ['-headers', headers] : []), '-select_streams', 'a:0', '-show_streams', '-print_format', 'json', input];
  const { stdout } = await run('ffprobe', args);
  return (JSON.parse(stdout) as { streams: StreamInfo[] }).streams[0]!;
}
