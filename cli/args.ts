/**
 * A small argv parser for the CLI: flags (`--json`), options with a value (`--out DIR` or
 * `--out=DIR`), repeatable options (`--set a.b=1 --set c.d=2`) and positionals.
 */
import { BandwireError } from '../core/errors.ts';

export interface ArgSpec {
  flags?: string[];
  options?: string[];
  repeatable?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string>;
  repeated: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), options: new Map(), repeated: new Map() };
  const takesValue = (name: string) => spec.options?.includes(name) || spec.repeatable?.includes(name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.flags?.includes(name) && eq < 0) {
      out.flags.add(name);
      continue;
    }
    if (!takesValue(name)) throw new BandwireError('USAGE', `unknown option '--${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new BandwireError('USAGE', `option '--${name}' needs a value`);
    if (spec.repeatable?.includes(name)) out.repeated.set(name, [...(out.repeated.get(name) ?? []), value]);
    else out.options.set(name, value);
  }
  return out;
}
