import type { Rng } from "./rng.js";

export type InitName = "xavier" | "he" | "normal" | "zeros" | "ones";

/**
 * Fills a weight of fan-in `fanIn` and fan-out `fanOut`. Xavier (Glorot) uniform keeps
 * the variance of tanh/sigmoid layers; He normal keeps it for ReLU layers.
 */
export function initialize(data: Float32Array, init: InitName, fanIn: number, fanOut: number, rng: Rng, std = 0.01): Float32Array {
  switch (init) {
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
