/**
 * What the stream tests' globalSetup (Node, real ffmpeg) hands to the tests in
 * workerd through vitest's provide/inject. No Node imports: both sides read it.
 */
export interface HlsFixture {
  /** 64 hex characters: the content hash the ladder is ingested under. */
  contentHash: string;
  renditions: string[];
  /** Every file of the ladder, path relative to `hls/{hash}/` → base64 bytes. */
  files: Record<string, string>;
  /** A small real audio file to serve as an upload source, base64. */
  source: string;
}

declare module 'vitest' {
  interface ProvidedContext {
    hlsFixture: HlsFixture;
    /** The same signal, 45 s long: longer than a track preview. */
    hlsLongFixture: HlsFixture;
    /** The 15 s ladder plus the transcoder's lossless rendition (FLAC in fMP4, `CODECS="fLaC"`, 24-bit/48 kHz). */
    hlsLosslessFixture: HlsFixture;
    /** An episode's ladder of the same signal, 45 s: the transcoder's speech rungs (32k, 64k, 96k), mono. */
    hlsSpeechLongFixture: HlsFixture;
  }
}
