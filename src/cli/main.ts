#!/usr/bin/env node
import { ERROR_CODES, MtrecError } from "../errors.js";
import { buildProgram, exitCodeOf } from "./program.js";

buildProgram()
  .parseAsync()
  .catch((e: unknown) => {
    // commander has printed its own message already
    const commanderExit = exitCodeOf(e);
    if (commanderExit !== undefined) process.exit(commanderExit);
    if (e instanceof MtrecError) {
      console.error(e.message);
      process.exit(e.exitCode);
    }
    // anything else is a bug in mtrec: show where
    console.error(`mtrec (internal error): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(ERROR_CODES.INTERNAL.exit);
  });
