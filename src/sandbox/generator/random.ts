import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded stream of draws; `rngFor(seed, ...keys)` gives the same stream for the same keys. */
export interface Rng {
  int(min: number, max: number): number;
  /** true with probability `p` (checked on a 1/10000 grid) */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** index drawn by integer weights */
  weighted(weights: readonly number[]): number;
}

function mix(h: number, value: number): number {
  h ^= value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hashKeys(seed: number, keys: readonly (string | number)[]): number {
  let h = mix(0x9e3779b9, seed >>> 0);
  for (const key of keys) {
    if (typeof key === 'number') {
      h = mix(h, key >>> 0);
      h = mix(h, Math.floor(key / 2 ** 32) >>> 0);
    } else {
      for (let i = 0; i < key.length; i++) h = mix(h, key.charCodeAt(i));
    }
  }
  return h;
}

export function rngFor(seed: number, ...keys: (string | number)[]): Rng {
  const gen = xoroshiro128plus(hashKeys(seed, keys));
  const int = (min: number, max: number) => uniformInt(gen, min, max);
  return {
    int,
    chance: (p) => int(0, 9999) < Math.round(p * 10000),
    pick: (items) => items[int(0, items.length - 1)]!,
    weighted(weights) {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = int(0, total - 1);
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
