/**
 * Minimum-cost one-to-one assignment (Hungarian method, Kuhn-Munkres with potentials, O(n^2 m)) of
 * n rows to m >= n columns: returns, for each row, its column.
 */
export function minimumCostAssignment(cost: Float64Array, n: number, m: number): Int32Array {
  if (m < n) throw new Error(`assignment needs at least as many columns (${m}) as rows (${n})`);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1); // owner[j] = row (1-based) assigned to column j, 0 = free
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = owner[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const current = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
        if (current < minv[j]) {
          minv[j] = current;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    do {
      const j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Int32Array(n);
  for (let j = 1; j <= m; j++) if (owner[j] > 0) result[owner[j] - 1] = j - 1;
  return result;
}
