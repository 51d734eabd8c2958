/**
 * A bounded per-process memo. Editions, profile rankings and prepared messages repeat across the
 * batches of a slot; computing each once per process is what keeps the per-reader cost down.
 * Values are promises so concurrent batches share one computation.
 */
export class Memo<V> {
  private readonly entries = new Map<string, Promise<V>>();

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const value = compute();
    // A failed computation is forgotten so the next caller retries it.
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
