// Counters with names, and a few samples of what was counted, for the summary.

export class Tally {
  constructor() {
    this.counts = {};
    this.samples = {};
  }

  add(key, by = 1) {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  get(key) {
    return this.counts[key] ?? 0;
  }

  /** Keeps the first `max` examples of `key` (a frame that got `unavailable`, say). */
  sample(key, example, max = 10) {
    const list = (this.samples[key] ??= []);
    if (list.length < max) {
      list.push(example);
    }
  }

  toJSON() {
    const sorted = Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)));
    return Object.keys(this.samples).length > 0 ? { counts: sorted, samples: this.samples } : { counts: sorted };
  }
}

/** Percentiles of a list of numbers (milliseconds, say). */
export function percentiles(values) {
  if (values.length === 0) {
    return { count: 0 };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

/** Shortens a frame for a sample: its start, its length, and no control characters. */
export function excerpt(text, max = 160) {
  const shown = typeof text === 'string' ? text : `<${text.length} bytes>`;
  const cut = shown.length <= max ? shown : shown.slice(0, /[\ud800-\udbff]/.test(shown[max - 1]) ? max - 1 : max);
  // Control characters and lone surrogates written as escapes: the summary stays valid text.
  const clean = cut.replace(/[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return cut.length === shown.length ? clean : `${clean}… (${shown.length} chars)`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
