/** One line of an NDJSON body, numbered from 1 as an editor shows it. */
export interface NumberedLine {
  line: number;
  text: string;
  /** Set when the line was longer than the limit; its text is then empty. */
  tooLong?: boolean;
}

/**
 * Splits a byte stream into lines as it arrives, so a body of any size is read
 * with memory bounded by one line (lines past `maxLineChars` are reported, not kept).
 */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>, maxLineChars = 64 * 1024): AsyncGenerator<NumberedLine> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  let skipping = false;
  let line = 0;
  const emit = (text: string): NumberedLine => {
    line += 1;
    const tooLong = skipping || text.length > maxLineChars;
    skipping = false;
    return tooLong ? { line, text: '', tooLong } : { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += value;
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
      yield emit(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) {
      // Keep reading to the end of this line without holding it.
      skipping = true;
      pending = '';
    }
  }
  if (pending.length > 0 || skipping) yield emit(pending);
}
