/**
 * Expected failures carry a stable code, a message a user understands, and the node, param,
 * port or file they concern. Bugs throw plain Errors; cancellation is not an error.
 */
export type ErrorCode =
  | 'GRAPH_PARSE'
  | 'GRAPH_VERSION'
  | 'GRAPH_SCHEMA'
  | 'UNKNOWN_TYPE'
  | 'UNKNOWN_PORT'
  | 'UNKNOWN_PARAM'
  | 'DUPLICATE_ID'
  | 'BAD_ID'
  | 'TYPE_MISMATCH'
  | 'CYCLE'
  | 'MISSING_INPUT'
  | 'DUPLICATE_INPUT'
  | 'PARAM_INVALID'
  | 'PARAM_RANGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_EXISTS'
  | 'FILE_FORMAT'
  | 'FILE_WRITE'
  | 'INPUT_INVALID'
  | 'NODE_FAILED'
  | 'USAGE';

export interface Culprit {
  node?: string;
  port?: string;
  param?: string;
  file?: string;
}

export class BandwireError extends Error {
  readonly code: ErrorCode;
  readonly culprit: Culprit;
  constructor(code: ErrorCode, message: string, culprit: Culprit = {}) {
    super(message);
    this.name = 'BandwireError';
    this.code = code;
    this.culprit = culprit;
  }
}

/** Thrown inside nodes when the run was cancelled; the engine reports it as `cancelled`, not as an error. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && (e.name === 'CancelledError' || e.name === 'AbortError'));
}

/** A problem found by validation; `message` names the culprit. */
export interface Diagnostic extends Culprit {
  code: ErrorCode;
  message: string;
  severity: 'error' | 'warning';
}

/** Error raised for bad input data inside a node (wrong shapes, NaNs, ...). */
export function inputError(message: string, culprit: Culprit = {}): BandwireError {
  return new BandwireError('INPUT_INVALID', message, culprit);
}
