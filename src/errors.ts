/**
 * Every error mtrec raises on purpose carries one of these codes; the command line turns
 * the code into its exit status and the HTTP service into its response status.
 */
export const ERROR_CODES = {
  /** A flag, option or API argument out of its range. */
  BAD_ARGUMENT: { exit: 2, http: 400 },
  /** A config file or object that does not validate. */
  BAD_CONFIG: { exit: 2, http: 400 },
  /** Input data (a file, a batch, a request body) that cannot be used as it is. */
  BAD_DATA: { exit: 3, http: 422 },
  /** An HTTP request the service cannot take as it is (a wrong type, malformed JSON, too many candidates). */
  BAD_REQUEST: { exit: 2, http: 400 },
  /** An HTTP request body over the service's body limit. */
  TOO_LARGE: { exit: 2, http: 413 },
  /** An HTTP request for a route the service does not have. */
  NOT_FOUND: { exit: 2, http: 404 },
  /** An admin request without the admin token, or with a wrong one. */
  UNAUTHORIZED: { exit: 2, http: 401 },
  /** The service has no model to answer with yet, or is shutting down. */
  NOT_READY: { exit: 70, http: 503 },
  /** A model or checkpoint file that is damaged or does not fit the model. */
  MODEL_FILE: { exit: 4, http: 500 },
  /** Model code that builds an invalid graph (shapes, dtypes, names). */
  GRAPH: { exit: 5, http: 500 },
  /** ONNX Runtime refused or failed a graph. */
  RUNTIME: { exit: 6, http: 500 },
  /** Training produced a non-finite loss, gradient or weight (too high a learning rate, unscaled data). */
  DIVERGED: { exit: 7, http: 500 },
  /** A bug in mtrec itself. */
  INTERNAL: { exit: 70, http: 500 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class MtrecError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message.startsWith("mtrec") ? message : `mtrec: ${message}`, options);
    this.name = "MtrecError";
  }
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}
