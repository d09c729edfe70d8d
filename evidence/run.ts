import { fileURLToPath } from "node:url";
import { MtrecError } from "../src/errors.js";
import { drawEvidenceCharts } from "./charts.js";
import { type Evidence, FULL, QUICK } from "./evidence.js";
import { questions } from "./questions/index.js";
import { markdown } from "./table.js";

function help(): string {
  const width = Math.max(...questions.map((q) => q.name.length));
  return [
    "usage: npm run evidence -- NAME [--json] [--quick]",
    "       npm run evidence -- --charts   (docs/evidence/NAME.svg from every NAME.json there; trains nothing)",
    "",
    ...questions.map((q) => `  ${q.name.padEnd(width)}  ${q.question}`),
    "",
    "--quick runs a small version (for tests); docs/evidence.md holds the full runs' answers.",
  ].join("\n");
}

/** Runs one question and returns its evidence, as `--json` prints it. */
export async function runQuestion(name: string, quick: boolean): Promise<Evidence> {
  const q = questions.find((x) => x.name === name);
  if (!q) throw new MtrecError("BAD_ARGUMENT", `mtrec evidence: name one of the questions (got ${name || "nothing"})\n${help()}`);
  const scale = quick ? QUICK : FULL;
  const r = await q.run(scale);
  return {
    question: q.question,
    answer: r.answer,
    numbers: r.numbers,
    seeds: r.seeds ?? scale.seeds,
    command: `npm run evidence -- ${name}${quick ? " --quick" : ""}`,
  };
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(help());
    return;
  }
  const unknown = args.filter((a) => a.startsWith("--") && a !== "--json" && a !== "--quick" && a !== "--charts");
  if (unknown.length > 0) throw new MtrecError("BAD_ARGUMENT", `mtrec evidence: unknown option ${unknown[0]}\n${help()}`);
  if (args.includes("--charts")) {
    // from dist/evidence/run.js to the repository's docs/evidence/
    for (const svg of await drawEvidenceCharts(fileURLToPath(new URL("../../docs/evidence/", import.meta.url)))) console.log(svg);
    return;
  }
  const e = await runQuestion(args.find((a) => !a.startsWith("--")) ?? "", args.includes("--quick"));
  if (args.includes("--json")) {
    console.log(JSON.stringify(e, null, 2));
    return;
  }
  console.log([e.question, "", e.answer, "", ...markdown(e.numbers), "", `seeds: ${e.seeds.join(", ")}; ${e.command}`].join("\n"));
}

// only as the entry point: the tests import runQuestion
if (process.argv[1]?.endsWith("evidence/run.js")) {
  try {
    await main(process.argv.slice(2));
  } catch (e) {
    // a named error is the user's to fix and needs no stack trace; anything else is a bug and keeps it
    if (!(e instanceof MtrecError)) throw e;
    console.error(e.message);
    process.exitCode = e.exitCode;
  }
}
