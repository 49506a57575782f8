/**
 * Text of the inspector's number fields, parsed by us (not by <input type=number>, which in
 * Chromium silently drops a decimal comma: "12,5" became 125), and the de-duplication of a param's
 * error messages that the inspector (checkParam) and the host (validate) both report.
 */

/** A plain decimal or exponent number: "12", "-0.5", ".5", "1e-3", "+2.". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A decimal comma: one comma between digits and no dot ("12,5" = 12.5). */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * The number a field's text means: `value` (undefined for an empty field = the default) or an
 * `error` naming the param and the text; an error stores nothing.
 */
export function parseNumberText(name: string, text: string): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const normal = DECIMAL_COMMA.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  const value = DECIMAL.test(normal) ? Number(normal) : Number.NaN;
  if (!Number.isFinite(value)) return { error: `param '${name}': '${trimmed}' is not a number (e.g. 12.5 or 12,5)` };
  return { value };
}

/** The host's diagnostics name the node first: "node 'scene' (synth.scene): param 'snr' = ...". */
const NODE_PREFIX = /^node '[^']*' \([^)]*\): /;

/** Messages without repeats, comparing each without its "node 'x' (type): " prefix; the first form is kept. */
export function distinctProblems(messages: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const message of messages) {
    const key = message.replace(NODE_PREFIX, '');
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(message);
  }
  return kept;
}
