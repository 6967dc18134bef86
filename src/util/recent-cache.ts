/**
 * A bounded map in two generations: lookups hit the current one or the previous one (moving the entry
 * forward); when the current one is full it becomes the previous one. Nearly LRU, with no per-hit reordering.
 */
export class RecentCache<V> {
  private cur = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly half: number) {}

  get(key: string): V | undefined {
    const v = this.cur.get(key);
    if (v !== undefined || this.half === 0) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (this.half === 0) return;
    if (this.cur.size >= this.half) {
      this.old = this.cur;
      this.cur = new Map();
    }
    this.cur.set(key, value);
  }
}
