import type { Command } from "commander";
import { registerFusionSimulate } from "./fusion-simulate.js";
import { registerFusionTune } from "./fusion-tune.js";

export function registerFusion(program: Command): void {
  const fusion = program.command("fusion").description("turn per-task scores into one ranking score, and find its weights");
  registerFusionTune(fusion);
  registerFusionSimulate(fusion);
}
