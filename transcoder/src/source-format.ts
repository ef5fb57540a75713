import { open } from 'node:fs/promises';
import { type JobFailure, permanent } from './job-failure.ts';
import { type AudioFormat, DEMUXER, SNIFF_BYTES, id3v2TagLength, sniffAudioFormat } from './sniff.ts';

/** Files seldom carry more than one ID3v2 tag; more than this is not a music file. */
const MAX_ID3_TAGS = 4;

/** Reads the start of the downloaded source and names its audio format; anything else fails permanently. */
export async function sourceFormat(file: string): Promise<AudioFormat> {
  const handle = await open(file, 'r');
  try {
    let offset = 0;
    for (let tags = 0; tags <= MAX_ID3_TAGS; tags += 1) {
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, offset);
      const bytes = head.subarray(0, bytesRead);
      const tag = id3v2TagLength(bytes);
      if (tag === 0) {
        const format = sniffAudioFormat(bytes, offset > 0);
        if (format) return format;
        break;
      }
      offset += tag;
    }
  } finally {
    await handle.close();
  }
  throw unknownFormat();
}

function unknownFormat(): JobFailure {
  return permanent(
    'not_audio',
    'The file could not be read as audio: it is not FLAC, WAV, AIFF, MP3, AAC, MP4/M4A or Ogg (playlists and lists of other files are not accepted).',
  );
}

/**
 * How ffmpeg and ffprobe open the source: the file protocol only (no http, no
 * data:, no subfile), the demuxer named by the sniffed format (never one that
 * follows references), and for MP4 no external data references.
 */
export function sourceInputArgs(file: string, format: AudioFormat): string[] {
  return ['-protocol_whitelist', 'file', '-f', DEMUXER[format], ...(format === 'mp4' ? ['-enable_drefs', '0'] : []), '-i', sourceUrl(file)];
}

/** `file:` so that nothing in the path can be read as another protocol. */
export const sourceUrl = (file: string): string => `file:${file}`;
