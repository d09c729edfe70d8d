#!/usr/bin/env node
import { Command } from "commander";
import { ERROR_CODES, MtrecError } from "../errors.js";
import { MTREC_VERSION } from "../train/trainer.js";
import { registerCausal } from "./commands/causal.js";
import { registerCompare } from "./commands/compare.js";
import { registerDemo } from "./commands/demo.js";
import { registerEval } from "./commands/eval.js";
import { registerFusion } from "./commands/fusion.js";
import { registerPredict } from "./commands/predict.js";
import { registerSynth } from "./commands/synth.js";
import { registerTrain } from "./commands/train.js";

const program = new Command();
program.name("mtrec").description("Multi-task and multi-objective recommendation, trained by ONNX Runtime.").version(MTREC_VERSION);
for (const register of [
  registerDemo,
  registerTrain,
  registerEval,
  registerPredict,
  registerCompare,
  registerSynth,
  registerCausal,
  registerFusion,
])
  register(program);

program.parseAsync().catch((e: unknown) => {
  if (e instanceof MtrecError) {
    console.error(e.message);
    process.exit(e.exitCode);
  }
  // anything else is a bug in mtrec: show where
  console.error(`mtrec (internal error): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(ERROR_CODES.INTERNAL.exit);
});
