// Seeded randomness for the traffic and the faults (the seed is printed, so a run's choices can be
// replayed; timings still differ), and the random data the traffic sends.
'use strict';

/** mulberry32: small, fast, good enough to pick operations. Returns () => [0, 1). */
function seededRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const helpers = (rng) => ({
  int: (min, max) => min + Math.floor(rng() * (max - min + 1)),
  pick: (items) => items[Math.floor(rng() * items.length)],
  chance: (p) => rng() < p,
  /** Picks a key of `weights` ({name: weight}) with probability proportional to its weight. */
  weighted: (weights) => {
    const entries = Object.entries(weights).filter(([, w]) => w > 0);
    let r = rng() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [name, w] of entries) {
      r -= w;
      if (r < 0) return name;
    }
    return entries[entries.length - 1][0];
  },
});

/** The simulated carrier's scripted outcomes, by the recipient's last four digits. */
const MAGIC = { '0000': 'rejected', '0001': 'failed', '0002': 'expired' };
const MAGIC_NUMBERS = ['+3933312340000', '+3933312340001', '+3933312340002'];

/** What the history must finally say about a message to `recipient`. */
function expectedFinalStatus(recipient) {
  const magic = MAGIC[recipient.slice(-4)];
  if (magic === 'rejected' || magic === 'failed') return 'failed';
  if (magic === 'expired') return 'expired';
  return 'delivered';
}

/** A delivered Italian mobile number (never a magic suffix). */
function normalNumber(rng) {
  const { int } = helpers(rng);
  return `+39333${String(int(1000000, 9999999))}`.replace(/000[012]$/, '0007');
}

function recipients(rng, max = 12) {
  const { int, chance, pick } = helpers(rng);
  const n = int(1, max);
  return Array.from({ length: n }, () => (chance(0.15) ? pick(MAGIC_NUMBERS) : normalNumber(rng)));
}

/** Texts of one to three segments: plain GSM-7, with an extension character, and UCS-2. */
function smsText(rng, n) {
  const { pick } = helpers(rng);
  return pick([
    () => `Chaos test ${n}: your code is ${1000 + (n % 9000)}`,
    () => `Chaos ${n} `.padEnd(170, 'abcdefghij'),
    () => `Chaos ${n}: price 5€ [promo] {today}`,
    () => `Хаос ${n}: `.padEnd(90, 'ж'),
  ])();
}

module.exports = { seededRng, helpers, expectedFinalStatus, normalNumber, recipients, smsText, MAGIC_NUMBERS };
