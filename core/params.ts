/**
 * Parameter schemas: what the inspector renders, what `validate` checks, what `nodes --json` prints.
 */
export type ParamKind = 'number' | 'integer' | 'boolean' | 'string' | 'enum' | 'path' | 'numbers' | 'json';

export interface ParamSpec {
  kind: ParamKind;
  /** Value used when the graph omits the param. `undefined` with `required` means the user must set it. */
  default?: unknown;
  required?: boolean;
  min?: number;
  max?: number;
  /** Allowed values for `enum`. */
  options?: readonly string[];
  /** Unit shown beside the field (nm, px, ...). */
  unit?: string;
  /** For `path`: whether the node reads the file (fingerprinted for the cache) or writes it. */
  io?: 'read' | 'write';
  /** File name filters for the file picker, e.g. ['tif', 'hdr', 'mat']. */
  extensions?: string[];
  description: string;
  /** An optional input that, when connected, supplies this value instead (the inspector then shows the field as set by it). */
  overriddenBy?: string;
  /**
   * For `numbers`: what a text value holds. 'indices' (the default): 0-based indices and ranges such as
   * "0-99,120-150". 'values': real numbers (wavelengths, ...) separated by commas, semicolons or spaces.
   */
  list?: 'indices' | 'values';
}

export type ParamSchema = Record<string, ParamSpec>;

/** Returns a message if `value` does not fit `spec`, else undefined. `name` is used in the message. */
export function checkParam(name: string, spec: ParamSpec, value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return spec.required ? `param '${name}' is required` : undefined;
  }
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `param '${name}' must be a finite number, got ${JSON.stringify(value)}`;
      if (spec.kind === 'integer' && !Number.isInteger(value)) return `param '${name}' must be an integer, got ${value}`;
      return checkRange(name, spec, value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `param '${name}' must be true or false, got ${JSON.stringify(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `param '${name}' must be a string, got ${JSON.stringify(value)}`;
    case 'path': {
      if (typeof value !== 'string') return `param '${name}' must be a string, got ${JSON.stringify(value)}`;
      // an output's format follows its extension: refuse an unknown one before anything runs
      const ext = /\.([A-Za-z0-9]+)$/.exec(value)?.[1]?.toLowerCase();
      if (spec.io === 'write' && spec.extensions && value !== '' && !(ext && spec.extensions.includes(ext))) {
        return `param '${name}' = '${value}' needs one of the extensions ${spec.extensions.map((e) => `.${e}`).join(', ')}`;
      }
      return undefined;
    }
    case 'enum':
      return typeof value === 'string' && spec.options?.includes(value)
        ? undefined
        : `param '${name}' must be one of ${spec.options?.map((o) => `'${o}'`).join(', ')}, got ${JSON.stringify(value)}`;
    case 'numbers': {
      if (typeof value === 'number') value = [value]; // `--set png.bands=9` parses as JSON: one index or value
      if (typeof value === 'string') {
        try {
          value = spec.list === 'values' ? parseNumberList(value, name) : parseIndexList(value);
        } catch (e) {
          const message = (e as Error).message;
          return message.startsWith(`param '${name}'`) ? message : `param '${name}': ${message}`;
        }
      }
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        return spec.list === 'values'
          ? `param '${name}' must be a list of numbers like "427.6, 437.7", got ${JSON.stringify(value)}`
          : `param '${name}' must be a list of numbers or a range string like "0-99,120-150", got ${JSON.stringify(value)}`;
      }
      for (const v of value as number[]) {
        const m = checkRange(name, spec, v);
        if (m) return m;
      }
      return undefined;
    }
    case 'json':
      return undefined;
  }
}

function checkRange(name: string, spec: ParamSpec, v: number): string | undefined {
  if (spec.min !== undefined && v < spec.min) return `param '${name}' = ${v} is below the minimum ${spec.min}`;
  if (spec.max !== undefined && v > spec.max) return `param '${name}' = ${v} is above the maximum ${spec.max}`;
  return undefined;
}

/** Merges graph params over defaults. */
export function withDefaults(schema: ParamSchema, params: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(schema)) {
    const v = params?.[k];
    out[k] = v === undefined ? spec.default : v;
  }
  return out;
}

/**
 * Parses a list of real numbers: an array of numbers, a single number, or text with the numbers separated
 * by commas, semicolons or white space ("427.6, 437.7 447.9"). Empty text is an empty list. Throws with a
 * message naming `name` and the offending item.
 */
export function parseNumberList(value: unknown, name: string): number[] {
  if (typeof value === 'number') value = [value];
  if (Array.isArray(value)) {
    const bad = value.find((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad !== undefined) throw new Error(`param '${name}' must be a list of finite numbers, got ${JSON.stringify(bad)} in it`);
    return value as number[];
  }
  if (typeof value !== 'string') throw new Error(`param '${name}' must be a list of numbers, got ${JSON.stringify(value)}`);
  const items = value.split(/[,;\s]+/).filter(Boolean);
  return items.map((item) => {
    const v = Number(item);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(item) || !Number.isFinite(v)) {
      throw new Error(`param '${name}': '${item}' is not a number (give numbers separated by commas, e.g. "427.6, 437.7")`);
    }
    return v;
  });
}

/** True for a list param left empty: undefined, null, '' (or only white space) or []. */
export function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** Longest index list parseIndexList builds (no sensor has nearly as many bands). */
export const MAX_INDICES = 65536;

/**
 * Parses band index lists: `[0, 1, 5]`, `"0-99,120-150"` or `"3"`. Indices are 0-based, ranges inclusive.
 * Throws with a message naming the text on bad syntax.
 */
export function parseIndexList(value: unknown): number[] {
  if (Array.isArray(value)) return value.map((v) => Number(v));
  if (typeof value === 'number') return [value];
  if (typeof value !== 'string') throw new Error(`expected a list of indices, got ${JSON.stringify(value)}`);
  const out: number[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(part);
    if (!m) throw new Error(`bad index range '${part}' in "${value}" (use e.g. "0-99,120-150")`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`bad index range '${part}': end before start`);
    // a typo such as "0-30000000" must not build a huge list (validation runs on every edit)
    if (out.length + (b - a + 1) > MAX_INDICES) throw new Error(`index range '${part}' makes the list longer than ${MAX_INDICES} indices`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}
