import { z } from "zod";
import { damaged } from "../data/schema-file.js";
import type { TaskSpec } from "../models/types.js";

/** What a page needs of config.json: the tasks in order and the mtrec version that trained the model. */
export interface BrowserConfig {
  mtrec: string;
  tasks: TaskSpec[];
}

// the rest of config.json rebuilds the model for training; the graph in model.onnx already holds it
const savedConfig = z.looseObject({
  mtrec: z.string(),
  tasks: z.array(z.strictObject({ name: z.string().min(1), type: z.enum(["binary", "regression"]) })).min(1),
});

export function parseBrowserConfig(where: string, text: string): BrowserConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw damaged(where, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = savedConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(where, `${[...(issue?.path ?? [])].join(".") || "the file"}: ${issue?.message ?? "invalid"}`);
  }
  return { mtrec: parsed.data.mtrec, tasks: parsed.data.tasks };
}
