// Runs in: main process / headless Node. Seeded randomness for the sandbox gateway.
// Everything in the sandbox world is a pure function of (seed, index, t): no Math.random.

/** A random source returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(h: number, w: number): number {
  let k = Math.imul(w >>> 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

/** Mixes two or three 32-bit words into one (murmur3-style). */
export function hash32(a: number, b: number, c?: number): number {
  let h = mix(mix(0x811c9dc5, a), b);
  if (c !== undefined) h = mix(h, c);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform float in [min, max). */
export function uniform(r: Rng, min: number, max: number): number {
  return min + (max - min) * r();
}

/** Uniform integer in [min, max] (inclusive). */
export function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

export function chance(r: Rng, p: number): boolean {
  return r() < p;
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(r() * items.length)] as T;
}

/** Picks a key by weight. */
export function weighted<T>(r: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = r() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return (table[table.length - 1] as readonly [T, number])[0];
}

/** A string of `n` random decimal digits. */
export function digits(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
}
