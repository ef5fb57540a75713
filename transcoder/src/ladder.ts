import type { LadderProfile } from '../../core/protocol/transcode.ts';

export interface LadderRung {
  name: string;
  /** The nominal rate; the lossless rung has none before it is measured (0). */
  bitrateKbps: number;
  /** RFC 6381 / HLS codec string for the master; AAC-LC when absent. */
  codecs?: string;
}

/** What one profile encodes: its renditions (AAC-LC, lowest first), channels, and whether loudness is normalised into the audio. */
export interface LadderSpec {
  rungs: readonly LadderRung[];
  channels: 1 | 2;
  /** Speech is made to sit at one loudness (EBU R128 `loudnorm`); music keeps its dynamics and reports its loudness for playback gain. */
  loudnessTarget: { integratedLufs: number; truePeakDb: number; rangeLu: number } | null;
  /** Whether a lossless source also gets the lossless rung (LOSSLESS_RUNG, lossless.ts). */
  lossless: boolean;
}

export const LADDERS: Record<LadderProfile, LadderSpec> = {
  music: {
    rungs: [
      { name: '64k', bitrateKbps: 64 },
      { name: '128k', bitrateKbps: 128 },
      { name: '256k', bitrateKbps: 256 },
    ],
    channels: 2,
    loudnessTarget: null,
    lossless: true,
  },
  // Episodes: mono speech, at the -16 LUFS that podcast apps expect.
  speech: {
    rungs: [
      { name: '32k', bitrateKbps: 32 },
      { name: '64k', bitrateKbps: 64 },
      { name: '96k', bitrateKbps: 96 },
    ],
    channels: 1,
    loudnessTarget: { integratedLufs: -16, truePeakDb: -1.5, rangeLu: 11 },
    lossless: false,
  },
};

/** The renditions every track is encoded to. */
export const LADDER = LADDERS.music.rungs;

export const SEGMENT_SECONDS = 6;
/** RFC 6381 codec string for AAC-LC, written into the master playlist. */
export const AAC_LC_CODECS = 'mp4a.40.2';

/** Keep 44.1 kHz-family sources at 44.1 kHz (no resampling of CD audio); everything else goes to 48 kHz. */
export function outputSampleRate(sourceRate: number): 44100 | 48000 {
  return sourceRate % 11025 === 0 ? 44100 : 48000;
}

export const mediaPlaylistPath = (rung: LadderRung): string => `${rung.name}/index.m3u8`;

/** The measuring branch: EBU R128 loudness, and volumedetect for the exact decoded sample count. */
export const MEASURING_FILTER = 'ebur128=framelog=verbose,volumedetect';

/** Decoded, resampled and (for speech) normalised source audio, as the filter chain every encoder reads. */
export function sourceChain(sampleRate: number, spec: LadderSpec): string {
  const layout = spec.channels === 1 ? 'mono' : 'stereo';
  const target = spec.loudnessTarget;
  // loudnorm works at 192 kHz; the second aresample brings it back to the output rate.
  const normalise = target ? `,loudnorm=I=${target.integratedLufs}:TP=${target.truePeakDb}:LRA=${target.rangeLu},aresample=${sampleRate}` : '';
  return `[0:a:0]aresample=${sampleRate},aformat=sample_fmts=fltp:channel_layouts=${layout}${normalise}`;
}

export const inputArgs = (input: string[], maxInputSeconds: number): string[] => [
  '-hide_banner',
  '-nostdin',
  '-nostats',
  '-loglevel',
  'info',
  '-t',
  String(maxInputSeconds),
  ...input,
];

/** The HLS muxer settings every rung is written with: 6 s fMP4 segments, a VOD playlist, paths relative to the job's output directory. */
function hlsMuxerArgs(rung: LadderRung): string[] {
  return [
    ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod', '-hls_list_size', '0', '-hls_segment_type', 'fmp4'],
    ...['-hls_fmp4_init_filename', 'init.mp4', '-hls_flags', 'independent_segments', '-start_number', '1'],
    ...['-hls_segment_filename', `${rung.name}/seg_%05d.m4s`, mediaPlaylistPath(rung)],
  ];
}

/** Encoder and HLS muxer settings of one rung's output, reading the filter graph's `label`. */
export function rungOutputArgs(rung: LadderRung, label: string, spec: LadderSpec): string[] {
  return [
    ...['-map', label, '-map_metadata', '-1'],
    ...['-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', `${rung.bitrateKbps}k`, '-ac', String(spec.channels)],
    ...hlsMuxerArgs(rung),
  ];
}

export const measuredOutputArgs = ['-map', '[measured]', '-f', 'null', '-'];

/**
 * FLAC in fMP4 at the source's rate and depth (up to 24-bit/96 kHz), for
 * premium listeners: its name is not a `{n}k` rate, so core/protocol/tiers.ts
 * ranks it above every AAC rung. `fLaC` is the codec string of the MP4 sample
 * entry that HLS and MSE (`audio/mp4; codecs="fLaC"`) expect.
 */
export const LOSSLESS_RUNG: LadderRung = { name: 'lossless', bitrateKbps: 0, codecs: 'fLaC' };

/** What the lossless rung is encoded at (lossless.ts decides it from the source). */
export interface LosslessFormat {
  sampleRate: number;
  bitDepth: 16 | 24;
}

/**
 * The lossless rung's own ffmpeg run: the source's first audio stream, resampled
 * only when above 96 kHz (soxr), mono or stereo as the source is (more channels
 * fold to stereo), as 16- or 24-bit FLAC in fMP4 HLS. ffmpeg 5 calls FLAC in MP4
 * experimental, hence `-strict experimental`.
 */
export function losslessRungArgs(input: string[], format: LosslessFormat, sourceRate: number, maxInputSeconds: number): string[] {
  const resample = format.sampleRate === sourceRate ? '' : `aresample=${format.sampleRate}:resampler=soxr:precision=28,`;
  const sampleFormat = format.bitDepth === 16 ? 's16' : 's32';
  return [
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-t', String(maxInputSeconds), ...input],
    ...['-map', '0:a:0', '-map_metadata', '-1', '-af', `${resample}aformat=sample_fmts=${sampleFormat}:channel_layouts=mono|stereo`],
    ...['-c:a', 'flac', '-bits_per_raw_sample', String(format.bitDepth), '-strict', 'experimental'],
    ...hlsMuxerArgs(LOSSLESS_RUNG),
  ];
}

/**
 * One ffmpeg run: decode once, split into every rung's encoder plus the measuring
 * branch that goes to the null muxer. `input` opens the source (see source-format.ts);
 * no more than `maxInputSeconds` of it is read, whatever its header claims.
 * Paths are relative to the job's output directory.
 */
export function ladderArgs(input: string[], sampleRate: number, maxInputSeconds: number, spec: LadderSpec = LADDERS.music): string[] {
  const branches = spec.rungs.map((_, i) => `[a${i}]`).join('');
  const filter = `${sourceChain(sampleRate, spec)},asplit=${spec.rungs.length + 1}${branches}[m];[m]${MEASURING_FILTER}[measured]`;
  const outputs = spec.rungs.flatMap((rung, i) => rungOutputArgs(rung, `[a${i}]`, spec));
  return [...inputArgs(input, maxInputSeconds), '-filter_complex', filter, ...outputs, ...measuredOutputArgs];
}

export interface Measurements {
  loudnessLufs: number;
  /** Decoded length of the source, from the sample count at the output rate. */
  durationMs: number;
}

/** Pulls the integrated loudness and the decoded sample count out of ffmpeg's stderr. */
export function parseMeasurements(stderr: string, sampleRate: number, channels = 2): Measurements | null {
  // ffmpeg may configure the filter graph twice; the first, discarded instance also
  // prints its (empty) summary, so only the last report counts.
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const loudness = /Integrated loudness:\s*\n\s*I:\s*(-?\d+(?:\.\d+)?) LUFS/.exec(summary);
  const samples = [...stderr.matchAll(/n_samples:\s*(\d+)/g)].at(-1);
  if (!loudness || !samples) return null;
  const frames = Number(samples[1]) / channels;
  return { loudnessLufs: Number(loudness[1]), durationMs: Math.round((frames / sampleRate) * 1000) };
}
