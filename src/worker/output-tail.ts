import type { PartialOutput } from '../format/summaries/summary.js';

/** How much of each stream the running line reads: ping's 100 replies are 7 KiB, one screen of tcpdump 10. */
export const tailChars = 64 * 1024;

/**
 * The end of a run's output while it runs, for the progress readers (describeProgress): the last
 * `tailChars` of each stream, cut at a line's start, and how many lines came before it. The process
 * core keeps the whole output (up to its cap) for the result; this copy stays small, so a long capture
 * is never held twice in full.
 */
export class OutputTail {
  private readonly streams = { stdout: new StreamTail(), stderr: new StreamTail() };

  add(chunk: string, stream: 'stdout' | 'stderr'): void {
    this.streams[stream].add(chunk);
  }

  partial(argv: readonly string[], elapsedMs: number): PartialOutput {
    const stdout = this.streams.stdout.text();
    const stderr = this.streams.stderr.text();
    // After text(), which may trim: the count includes what it dropped.
    const linesBefore = {
      stdout: this.streams.stdout.linesBefore,
      stderr: this.streams.stderr.linesBefore,
    };
    return {
      argv,
      stdout,
      stderr,
      elapsedMs,
      ...(linesBefore.stdout + linesBefore.stderr > 0 ? { linesBefore } : {}),
    };
  }
}

class StreamTail {
  private kept = '';
  linesBefore = 0;

  add(chunk: string): void {
    this.kept += chunk;
    // Trimmed only once it holds twice the tail, so a stream of small chunks is not copied each time.
    if (this.kept.length > 2 * tailChars) this.trim();
  }

  text(): string {
    if (this.kept.length > tailChars) this.trim();
    return this.kept;
  }

  /** Drops the front down to `tailChars`, at the start of a line when there is one to cut at. */
  private trim(): void {
    const cut = this.kept.length - tailChars;
    const newline = this.kept.indexOf('\n', cut - 1);
    const start = newline === -1 ? cut : newline + 1;
    this.linesBefore += countNewlines(this.kept, start);
    this.kept = this.kept.slice(start);
  }
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
