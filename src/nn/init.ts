import type { Rng } from "./rng.js";

/**
 * How a model's linear layers start (`model.init`). "pytorch" is `torch.nn.Linear`'s own
 * default, so a model ported from a PyTorch paper or from torch-rechub trains the same;
 * the others are mtrec's defaults before it, kept as options.
 */
export const LINEAR_INITS = ["pytorch", "he", "xavier", "normal"] as const;
export type LinearInit = (typeof LINEAR_INITS)[number];

export type InitName = "pytorch" | "xavier" | "he" | "normal" | "zeros" | "ones";

/**
 * The weight and bias fills of one linear layer under `scheme`. `beforeRelu`: the layer feeds
 * a ReLU. He is derived for exactly that case, so "he" gives the output layers (a logit, a
 * regression value) and non-ReLU layers Xavier, as mtrec did before "pytorch" was the default.
 */
export function linearFills(scheme: LinearInit, beforeRelu: boolean): { weight: InitName; bias: InitName } {
  switch (scheme) {
    case "pytorch":
      return { weight: "pytorch", bias: "pytorch" };
    case "he":
      return { weight: beforeRelu ? "he" : "xavier", bias: "zeros" };
    case "xavier":
      return { weight: "xavier", bias: "zeros" };
    case "normal":
      return { weight: "normal", bias: "zeros" };
  }
}

/**
 * Fills a weight of fan-in `fanIn` and fan-out `fanOut` (a bias takes its layer's fan-in).
 * "pytorch" is uniform in ±1/√fanIn: `nn.Linear`'s Kaiming-uniform with a = √5 for the weight
 * and its bias rule, which come to the same bound. Xavier (Glorot) uniform keeps the variance
 * of tanh/sigmoid layers; He normal keeps it for ReLU layers.
 */
export function initialize(data: Float32Array, init: InitName, fanIn: number, fanOut: number, rng: Rng, std = 0.01): Float32Array {
  switch (init) {
    case "pytorch": {
      const a = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < data.length; i++) data[i] = (2 * rng.uniform() - 1) * a;
      break;
    }
    case "xavier": {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < data.length; i++) data[i] = (2 * rng.uniform() - 1) * a;
      break;
    }
    case "he": {
      const s = Math.sqrt(2 / fanIn);
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * s;
      break;
    }
    case "normal":
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
      break;
    case "zeros":
      data.fill(0);
      break;
    case "ones":
      data.fill(1);
      break;
  }
  return data;
}
