/** Integer-keyed lookup tables for hot paths, where a `Map` costs a hash of a boxed key and several cache misses. */

export interface PairTable {
  /** Stores `id` (≥ 0) under (a, b); a key is put once. */
  put(a: number, b: number, id: number): void;
  /** The id stored under (a, b), or −1. */
  get(a: number, b: number): number;
}

/**
 * Open addressing over keys (a, b) of exact integers below 2^32: ids by key, −1 when absent. `count` is
 * the number of keys that will be put (the table never grows).
 */
export function createPairTable(count: number): PairTable {
  // Load ≤ 1/2: a probe sequence is short on average and never endless.
  let bits = 4;
  while (1 << bits < 2 * count) bits++;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  // Slot i is table[4i .. 4i + 3]: key a, key b, 1 + id (0: empty), unused; one cache line per probe.
  const table = new Int32Array(4 << bits);
  const slotOf = (a: number, b: number) => Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca6b) >>> shift;
  return {
    put(a: number, b: number, id: number): void {
      let at = slotOf(a, b);
      while (table[4 * at + 2] !== 0) at = (at + 1) & mask;
      table[4 * at] = a | 0;
      table[4 * at + 1] = b | 0;
      table[4 * at + 2] = id + 1;
    },
    get(a: number, b: number): number {
      const ka = a | 0;
      const kb = b | 0;
      for (let at = slotOf(a, b); ; at = (at + 1) & mask) {
        const id = table[4 * at + 2]!;
        if (id === 0) return -1;
        if (table[4 * at] === ka && table[4 * at + 1] === kb) return id - 1;
      }
    },
  };
}
