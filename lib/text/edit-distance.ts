/**
 * How far a misspelled key is from a known one, for "did you mean" hints
 * (config keys, Cilium chart keys).
 */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), case-insensitive; a case-only difference counts a tenth, so
 * that `routingmode` still prefers `routingMode` over another key one edit away.
 */
export function keyDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // Three rolling rows: the one before the previous is needed for transpositions.
  let before = new Array<number>(y.length + 1).fill(0);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[y.length]! + (x === y && a !== b ? 0.1 : 0);
}
