/**
 * Reusable buffers for personalised messages. A worker sends hundreds of ~55 KB messages a
 * second; a fresh buffer for each churns the allocator, and freed ones stay in the process's
 * resident memory (docs/benchmarks.md). A buffer is taken for one message and given back once
 * the SMTP server has answered for it, when nothing reads it any more.
 */
export class MessageBuffers {
  private readonly free: Buffer[] = [];

  /** `kept`: how many idle buffers to hold on to (about the messages a process has in flight). */
  constructor(private readonly kept: number) {}

  /** A buffer of at least `size` bytes, reused when one is free. */
  take(size: number): Buffer {
    const buffer = this.free.pop();
    if (buffer && buffer.length >= size) return buffer;
    // Some headroom, so a slightly longer message next time still fits.
    return Buffer.allocUnsafeSlow(Math.ceil((size * 1.1) / 4096) * 4096);
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.kept) this.free.push(buffer);
  }
}
