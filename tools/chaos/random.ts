// Seeded randomness for the traffic and the faults (the seed is printed, so a run's choices can be
// replayed; timings still differ), and the random data the traffic sends.
import type { Rng } from './types';

/** mulberry32: small, fast, good enough to pick operations. Returns () => [0, 1). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomHelpers {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T | undefined;
  chance(p: number): boolean;
  /** Picks a key of `weights` ({name: weight}) with probability proportional to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K;
}

export const helpers = (rng: Rng): RandomHelpers => ({
  int: (min, max) => min + Math.floor(rng() * (max - min + 1)),
  pick: (items) => items[Math.floor(rng() * items.length)],
  chance: (p) => rng() < p,
  weighted: <K extends string>(weights: Partial<Record<K, number>>): K => {
    const entries = (Object.entries(weights) as [K, number][]).filter(([, w]) => w > 0);
    if (entries.length === 0) throw new Error('weighted: no positive weight');
    let r = rng() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [name, w] of entries) {
      r -= w;
      if (r < 0) return name;
    }
    return entries[entries.length - 1][0];
  },
});

/** The simulated carrier's scripted outcomes, by the recipient's last four digits. */
const MAGIC: Record<string, 'rejected' | 'failed' | 'expired'> = {
  '0000': 'rejected',
  '0001': 'failed',
  '0002': 'expired',
};
export const MAGIC_NUMBERS = ['+3933312340000', '+3933312340001', '+3933312340002'];

/** What the history must finally say about a message to `recipient`. */
export function expectedFinalStatus(recipient: string): 'delivered' | 'failed' | 'expired' {
  const magic = MAGIC[recipient.slice(-4)];
  if (magic === 'rejected' || magic === 'failed') return 'failed';
  if (magic === 'expired') return 'expired';
  return 'delivered';
}

/** A delivered Italian mobile number (never a magic suffix). */
export function normalNumber(rng: Rng): string {
  const { int } = helpers(rng);
  return `+39333${String(int(1000000, 9999999))}`.replace(/000[012]$/, '0007');
}

export function recipients(rng: Rng, max = 12): string[] {
  const { int, chance } = helpers(rng);
  const n = int(1, max);
  return Array.from({ length: n }, () =>
    chance(0.15) ? MAGIC_NUMBERS[Math.floor(rng() * MAGIC_NUMBERS.length)] : normalNumber(rng),
  );
}

/** Texts of one to three segments: plain GSM-7, with an extension character, and UCS-2. */
export function smsText(rng: Rng, n: number): string {
  const texts = [
    () => `Chaos test ${n}: your code is ${1000 + (n % 9000)}`,
    () => `Chaos ${n} `.padEnd(170, 'abcdefghij'),
    () => `Chaos ${n}: price 5€ [promo] {today}`,
    () => `Хаос ${n}: `.padEnd(90, 'ж'),
  ];
  return texts[Math.floor(rng() * texts.length)]();
}
