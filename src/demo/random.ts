/**
 * Seeded pseudo-random numbers, so the demo city is the same on every machine and every run
 * (a re-run must produce the same entries, or their idempotency keys would conflict). Each
 * generator takes its own stream, named, so changing one generator never shifts another's numbers.
 */
import { assert } from '../shared/errors.js';

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  /** `amountCents` varied by up to ± `fraction`, in whole cents. */
  vary(amountCents: number, fraction: number): number;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a: turns a stream's name into a 32-bit seed. */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index += 1) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** mulberry32: small, fast and good enough for plausible amounts (not for anything secret). */
export function createRandom(streamName: string): Random {
  let state = seedOf(`alder-creek:${streamName}`);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    integer(min, max) {
      assert(Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max, 'integer range');
      return min + Math.floor(next() * (max - min + 1));
    },
    vary(amountCents, fraction) {
      assert(Number.isSafeInteger(amountCents), 'vary takes whole cents');
      return Math.round(amountCents * (1 + fraction * (2 * next() - 1)));
    },
    pick(items) {
      assert(items.length > 0, 'pick needs items');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}
