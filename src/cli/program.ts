import { Command, CommanderError, type OutputConfiguration } from "commander";
import { ERROR_CODES } from "../errors.js";
import { registerCausal } from "./commands/causal.js";
import { registerCompare } from "./commands/compare.js";
import { registerDemo } from "./commands/demo.js";
import { registerEval } from "./commands/eval.js";
import { registerFusion } from "./commands/fusion.js";
import { registerPredict } from "./commands/predict.js";
import { registerReport } from "./commands/report.js";
import { registerServe } from "./commands/serve.js";
import { registerSweep } from "./commands/sweep.js";
import { registerSynth } from "./commands/synth.js";
import { registerTrain } from "./commands/train.js";
import { registerWorker } from "./commands/worker.js";
import { packageVersion } from "./version.js";

/**
 * The `mtrec` command with every subcommand. Commander reports its own errors (an unknown
 * flag or command, a bad or missing value) and then throws instead of exiting, so that
 * {@link exitCodeOf} can give them the exit code of a bad argument. Building it loads only the
 * command definitions: each action imports its implementation (and DuckDB, ONNX Runtime, vega,
 * BullMQ, Fastify with it) when it runs, so `--help`, `--version` and flag errors start fast.
 */
export function buildProgram(output?: OutputConfiguration): Command {
  const program = new Command();
  program.name("mtrec").description("Multi-task and multi-objective recommendation, trained by ONNX Runtime.").version(packageVersion());
  // before the subcommands: each copies its parent's settings when it is created
  program.exitOverride();
  if (output) program.configureOutput(output);
  for (const register of [
    registerDemo,
    registerTrain,
    registerEval,
    registerPredict,
    registerCompare,
    registerSynth,
    registerCausal,
    registerFusion,
    registerServe,
    registerWorker,
    registerSweep,
    registerReport,
  ])
    register(program);
  return program;
}

/**
 * The exit code of an error commander threw, or undefined for any other error. `--help` and
 * `--version` exit 0; every other commander error (unknown flag or command, invalid value,
 * missing option, a command group called without its subcommand) is a bad argument: 2,
 * where commander itself would exit 1.
 */
export function exitCodeOf(e: unknown): number | undefined {
  if (!(e instanceof CommanderError)) return undefined;
  return e.exitCode === 0 ? 0 : ERROR_CODES.BAD_ARGUMENT.exit;
}

/** Every command a user can run, as the words that name it (`["synth", "mmoe"]`), leaves only. */
export function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return c.commands.length > 0 ? commandPaths(c, path) : [path];
  });
}
