/**
 * `bandwire` command dispatch. Each command is `cli/commands/<name>.ts` with a default export
 * `(argv, io) => Promise<exit code>`; `inspect` and `serve` are loaded lazily (other modules).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, type CliIO } from './io.ts';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, string> = {
  run: 'validates and executes a saved graph headless',
  validate: 'checks a graph without running it; lists every problem',
  nodes: 'the node catalogue',
  inspect: 'what a raster or spectral-library file holds',
  doctor: 'tensor backend chosen and why, versions, threads',
  serve: 'serves the editor on 127.0.0.1 (browser mode)',
};

const HELP = `bandwire — hyperspectral node-graph pipelines

usage: bandwire <command> [options]

${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(9)} ${v}`).join('\n')}

  bandwire run GRAPH [--set NODE.PARAM=VALUE]... [--out DIR] [--json] [--no-cache] [--batch GLOB] [--to NODE]
  bandwire validate GRAPH [--json]      bandwire nodes [TYPE] [--json]  bandwire doctor [--json]
  bandwire inspect FILE [--json]        bandwire serve [--port N] [--open]

exit codes: 0 ok, 1 a node failed, 2 invalid usage/graph/parameter/input file
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(HELP);
    return name ? EXIT.ok : EXIT.invalid;
  }
  if (name === '--version') {
    io.stdout.write('bandwire 0.1.0\n');
    return EXIT.ok;
  }
  if (!(name in COMMANDS)) {
    io.stderr.write(`bandwire: unknown command '${name}'\n${HELP}`);
    return EXIT.invalid;
  }
  const file = new URL(`./commands/${name}.ts`, import.meta.url);
  if (!existsSync(fileURLToPath(file))) {
    io.stderr.write(`bandwire ${name}: not available yet\n`);
    return EXIT.invalid;
  }
  const mod = (await import(file.href)) as { default?: Command };
  if (typeof mod.default !== 'function') {
    io.stderr.write(`bandwire ${name}: not available yet\n`);
    return EXIT.invalid;
  }
  try {
    return await mod.default(rest, io);
  } catch (e) {
    if (e instanceof Error && e.name === 'BandwireError') {
      io.stderr.write(`bandwire ${name}: ${e.message}\n`);
      return EXIT.invalid;
    }
    throw e;
  }
}
