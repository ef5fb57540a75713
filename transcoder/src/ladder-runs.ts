import { type LadderRung, type LadderSpec, MEASURING_FILTER, inputArgs, ladderArgs, measuredOutputArgs, rungOutputArgs, sourceChain } from './ladder.ts';

/** One ffmpeg run that decodes the source itself and encodes one rung, and the measuring branch if `measures`. */
export function rungArgs(input: string[], sampleRate: number, maxInputSeconds: number, spec: LadderSpec, rung: LadderRung, measures: boolean): string[] {
  const filter = measures ? `${sourceChain(sampleRate, spec)},asplit=2[audio][m];[m]${MEASURING_FILTER}[measured]` : `${sourceChain(sampleRate, spec)}[audio]`;
  return [...inputArgs(input, maxInputSeconds), '-filter_complex', filter, ...rungOutputArgs(rung, '[audio]', spec), ...(measures ? measuredOutputArgs : [])];
}

export interface LadderRun {
  args: string[];
  /** The rungs whose files it writes. */
  rungs: readonly LadderRung[];
  /** Whether its stderr carries the loudness and length (parseMeasurements). */
  measures: boolean;
}

/**
 * The ffmpeg processes that make a ladder, in the order they should get a CPU.
 * Music: one process per rung, so the rungs encode in parallel (ffmpeg 5 runs a
 * whole filter graph and all its encoders on one thread). The lowest rung, the
 * cheapest encode, also measures. Queued first is the highest bit rate, the
 * slowest AAC encode, then the measuring rung (so the length check fails a
 * too-long source early and finished rungs can upload while others encode), then
 * the rest, highest first. Speech: one process, because its single-pass
 * loudnorm shapes the audio every rung encodes: run once per rung it would cost
 * more CPU than the parallel encodes save.
 */
export function ladderRuns(input: string[], sampleRate: number, maxInputSeconds: number, spec: LadderSpec): LadderRun[] {
  if (spec.loudnessTarget) return [{ args: ladderArgs(input, sampleRate, maxInputSeconds, spec), rungs: spec.rungs, measures: true }];
  const byCost = [...spec.rungs].sort((a, b) => b.bitrateKbps - a.bitrateKbps);
  const measuring = spec.rungs[0]!; // rungs are listed lowest first
  const order = [byCost[0]!, ...(byCost[0] === measuring ? [] : [measuring]), ...byCost.slice(1).filter((r) => r !== measuring)];
  return order.map((rung) => ({
    args: rungArgs(input, sampleRate, maxInputSeconds, spec, rung, rung === measuring),
    rungs: [rung],
    measures: rung === measuring,
  }));
}
