import { Rng } from "../nn/rng.js";

export interface ToyClicks {
  user: Int32Array;
  item: Int32Array;
  /** [rows, denseFeatures], standard normal. */
  dense: Float32Array;
  click: Float32Array;
  /** The true click probability of each row. */
  truth: Float32Array;
}

export interface ToyClicksOptions {
  rows: number;
  users?: number;
  items?: number;
  denseFeatures?: number;
  seed?: number;
}

/**
 * Click logs from a known model: a user–item affinity through hidden 4-dimensional factors,
 * plus a nonlinear effect of the dense features. The engine demo learns it back.
 */
export function toyClicks(opts: ToyClicksOptions): ToyClicks {
  const { rows, users = 1000, items = 500, denseFeatures = 8, seed = 1 } = opts;
  const rng = new Rng(seed);
  const factors = (n: number) => Float32Array.from({ length: n * 4 }, () => rng.normal());
  const u = factors(users);
  const v = factors(items);
  const user = new Int32Array(rows);
  const item = new Int32Array(rows);
  const dense = new Float32Array(rows * denseFeatures);
  const click = new Float32Array(rows);
  const truth = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    // skewed popularity, as real logs have
    user[r] = Math.floor(users * rng.uniform() ** 2);
    item[r] = Math.floor(items * rng.uniform() ** 2);
    let z = -1.5;
    for (let k = 0; k < 4; k++) z += 0.6 * (u[(user[r] as number) * 4 + k] as number) * (v[(item[r] as number) * 4 + k] as number);
    for (let k = 0; k < denseFeatures; k++) dense[r * denseFeatures + k] = rng.normal();
    const d0 = dense[r * denseFeatures] as number;
    const d1 = dense[r * denseFeatures + 1] as number;
    z += 0.8 * Math.tanh(d0 * d1) + 0.4 * d0;
    const p = 1 / (1 + Math.exp(-z));
    truth[r] = p;
    click[r] = rng.uniform() < p ? 1 : 0;
  }
  return { user, item, dense, click, truth };
}
