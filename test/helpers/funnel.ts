import { buildModel, parseModelSpec } from "../../src/models/registry.js";
import type { MultiTaskModel, TaskSpec } from "../../src/models/types.js";
import { FeatureEncoder } from "../../src/nn/feature-encoder.js";
import { Rng } from "../../src/nn/rng.js";
import { labelColumn } from "../../src/train/programs.js";

export const ENCODER = { sparse: [{ name: "user", rows: 30 }], dense: ["d0", "d1"], embeddingDim: 4 };

/** The tasks a funnel architecture takes, in funnel order. */
export function funnelTasks(type: string): TaskSpec[] {
  if (type === "esm2") return ["click", "action", "purchase"].map((name) => ({ name, type: "binary" as const }));
  if (type === "transfer") {
    return [
      { name: "click", type: "binary" },
      { name: "watch_time", type: "regression" },
      { name: "share", type: "binary" },
    ];
  }
  return ["click", "purchase"].map((name) => ({ name, type: "binary" as const }));
}

export function funnelModel(raw: Record<string, unknown>, seed = 1): MultiTaskModel {
  const rng = new Rng(seed);
  const tasks = funnelTasks(raw.type as string);
  return buildModel(parseModelSpec({ towerHidden: [8], bottomHidden: [8], expertHidden: [8], ...raw }), {
    tasks,
    encoder: ENCODER,
    rng,
    newEncoder: () => new FeatureEncoder(ENCODER, rng),
  });
}

/** A batch whose labels respect the funnel: no action, purchase, watch or share without a click. */
export function funnelBatch(n: number, seed: number, clicks?: number[]) {
  const rng = new Rng(seed);
  const user = Int32Array.from({ length: n }, () => rng.int(30));
  const dense = Float32Array.from({ length: n * 2 }, () => rng.normal());
  const click = Float32Array.from({ length: n }, (_, i) => clicks?.[i] ?? ((dense[2 * i] as number) + 0.3 * rng.normal() > 0.5 ? 1 : 0));
  const after = (p: (i: number) => number) =>
    Float32Array.from({ length: n }, (_, i) => ((click[i] as number) > 0 && rng.uniform() < p(i) ? 1 : 0));
  const action = after(() => 0.5);
  const purchase = after((i) => ((action[i] as number) > 0 ? 0.6 : 0.2) * ((user[i] as number) % 2 === 0 ? 1.5 : 0.5));
  const watch = Float32Array.from({ length: n }, (_, i) => ((click[i] as number) > 0 ? 1 + (dense[2 * i + 1] as number) : 0));
  const share = after((i) => ((watch[i] as number) > 1 ? 0.5 : 0.1));
  return {
    user,
    dense,
    [labelColumn("click")]: click,
    [labelColumn("action")]: action,
    [labelColumn("purchase")]: purchase,
    [labelColumn("watch_time")]: watch,
    [labelColumn("share")]: share,
  };
}
