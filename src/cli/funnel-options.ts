import { type Command, InvalidArgumentError, Option } from "commander";
import { SELECTION_BIAS_LEVELS, type SynthFunnelOptions } from "../data/synth/funnel-options.js";
import { nonNegativeInt, number, positiveInt } from "./options.js";

export interface FunnelFlags {
  rows: number;
  users: number;
  items: number;
  selectionBias: number;
  hiddenConfounding: number;
  ctr: number;
  cvr: number;
  seed: number;
}

/**
 * The options that fix a funnel world, shared by `synth funnel` (which writes its exposures)
 * and `fusion simulate` (which serves it live): the same values give the same users, items and truth.
 */
export function funnelWorldOptions(cmd: Command): Command {
  return cmd
    .option("--rows <n>", "exposures", positiveInt("--rows"), 100_000)
    .option("--users <n>", "users", positiveInt("--users"), 2_000)
    .option("--items <n>", "items", positiveInt("--items"), 1_000)
    .addOption(
      new Option(
        "--selection-bias <level>",
        "observed factors raising both click and conversion: none, low, medium, high or a number in [0, 1]",
      )
        .argParser(selectionBias)
        .default(SELECTION_BIAS_LEVELS.medium, "medium"),
    )
    .option(
      "--hidden-confounding <g>",
      "an unwritten factor raising both click and conversion, in [0, 1]",
      number("--hidden-confounding", 0, 1),
      0,
    )
    .option("--ctr <p>", "mean click probability over exposures", number("--ctr", 0, 1), 0.1)
    .option("--cvr <p>", "mean conversion probability over all exposures (not only clicked ones)", number("--cvr", 0, 1), 0.1)
    .option("--seed <n>", "seed of the users, items and exposures", nonNegativeInt("--seed"), 1);
}

export function funnelOptionsOf(f: FunnelFlags): SynthFunnelOptions {
  return {
    rows: f.rows,
    users: f.users,
    items: f.items,
    selectionBias: f.selectionBias,
    hiddenConfounding: f.hiddenConfounding,
    ctr: f.ctr,
    cvr: f.cvr,
    seed: f.seed,
  };
}

function selectionBias(v: string): number {
  if (Object.hasOwn(SELECTION_BIAS_LEVELS, v)) return SELECTION_BIAS_LEVELS[v as keyof typeof SELECTION_BIAS_LEVELS];
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`--selection-bias takes none, low, medium, high or a number from 0 to 1, got "${v}"`);
  return n;
}
