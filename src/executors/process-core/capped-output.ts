import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';

/**
 * Collects one output stream of a process up to `cap` bytes, remembering whether more came, and
 * passes decoded text on as it arrives (progress), up to the cap too. Past the cap nothing is kept,
 * decoded or passed on, and `onOverflow` is told once, so the run can end the tool then (a
 * decompression bomb, a capture that never stops) instead of reading it to its deadline. A Writable,
 * so docker-modem and the Kubernetes exec client can write into it; `_write` keeps the chunk at once,
 * so everything written before a stream's end is here when the end is seen.
 */
export class CappedOutput extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly cap: number,
    private readonly onText?: (text: string) => void,
    private readonly onOverflow?: () => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const room = this.cap - this.size;
    const kept = room > 0 ? chunk.subarray(0, room) : undefined;
    if (kept && kept.length > 0) {
      this.chunks.push(kept);
      this.size += kept.length;
      if (this.onText) {
        const text = this.decoder.write(kept);
        if (text) this.onText(text);
      }
    }
    if (chunk.length > room && !this.overflowed) {
      this.overflowed = true;
      this.onOverflow?.();
    }
    done();
  }

  get truncated(): boolean {
    return this.overflowed;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}
