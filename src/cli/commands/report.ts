import type { Command } from "commander";
import { MtrecError } from "../../errors.js";
import { positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

export function registerReport(program: Command): void {
  const cmd = program
    .command("report")
    .description("one self-contained HTML page of charts for a trained model: training curves, expert usage, calibration")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--out <file>", "the HTML file to write")
    .option("--data <file>", "labelled data to evaluate on too: AUC, GAUC and KS per task, and the calibration plots from it")
    .option("--group <column>", "with --data: a user-id column for GAUC")
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: DataFlags & { model: string; out: string; data?: string; group?: string; threads?: number }) => {
    if (f.group !== undefined && f.data === undefined)
      throw new MtrecError("BAD_ARGUMENT", "mtrec: --group names the user column of --data for GAUC; give --data too");
    await checkOutFile(f.out, "--out", { "--data": f.data });
    const { modelReport } = await import("../../report/model-report.js");
    const { writeReport } = await import("../../report/write.js");
    const page = await modelReport(f.model, { data: f.data ? sourceFrom(f.data, f) : undefined, group: f.group, threads: f.threads });
    console.log(reportWritten(await writeReport(f.out, page)));
  });
}
