import { runProcess } from './run-process.ts';

let cached: Promise<string> | undefined;

/** "5.1.9-0+deb12u1" from `ffmpeg -version`; rejects when ffmpeg is missing or does not answer in time. */
export function ffmpegVersion(timeoutMs = 10_000): Promise<string> {
  cached ??= runProcess('ffmpeg', ['-hide_banner', '-version'], { signal: new AbortController().signal, timeoutMs }).then((result) => {
    const version = /^ffmpeg version (\S+)/.exec(result.stdout)?.[1];
    if (result.exitCode !== 0 || !version) throw new Error('ffmpeg -version failed');
    return version;
  });
  cached.catch(() => (cached = undefined));
  return cached;
}
