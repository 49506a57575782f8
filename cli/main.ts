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
  bandwire validate GRAPH [--set NODE.PARAM=VALUE]... [--json]
  bandwire nodes [TYPE|CATEGORY] [--json]  bandwire doctor [--json]
  bandwire inspect FILE [--json]        bandwire serve [--port N] [--open]

exit codes: 0 ok, 1 a node failed, 2 invalid usage/graph/parameter/input file
`;

/**
 * With `--json`, stdout holds exactly one JSON document (CONTRACT §1), also when a command fails before
 * writing its own: then `{ "ok": false, "exit": N, "error": "<what the command wrote to stderr>" }`.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  if (!argv.includes('--json')) return dispatch(argv, io);
  const stdout = recording(io.stdout);
  const stderr = recording(io.stderr);
  const code = await dispatch(argv, { ...io, stdout: stdout.stream, stderr: stderr.stream });
  if (code !== EXIT.ok && stdout.text() === '') {
    io.stdout.write(JSON.stringify({ ok: false, exit: code, error: stderr.text().trim() || `exit ${code}` }) + '\n');
  }
  return code;
}

/** `stream` with its writes also kept as text. */
function recording<S extends CliIO['stdout']>(stream: S): { stream: S; text(): string } {
  let text = '';
  const write = (chunk: unknown, ...rest: unknown[]) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return (stream.write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
  };
  return { stream: new Proxy(stream, { get: (target, key) => (key === 'write' ? write : Reflect.get(target, key, target)) }), text: () => text };
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
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
