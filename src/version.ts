/**
 * mtrec's version, written into every model directory and job id. A module of its own so that
 * `mtrec --version`, the service's health route and the queue's job ids can read it without
 * loading the trainer (and with it ONNX Runtime and DuckDB). package.json holds the same string;
 * a test keeps them equal.
 */
export const MTREC_VERSION = "0.1.0";
