#!/usr/bin/env node
// `bandwire` entry: registers tsx so the TypeScript sources run from any cwd, then dispatches.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const { processIO } = await import('./io.ts');
let code;
try {
  code = await main(process.argv.slice(2), processIO());
} catch (e) {
  process.stderr.write(`bandwire: internal error: ${e?.stack ?? e}\n`);
  code = 1;
}
// Let stdout drain (pipes) before exiting with the command's code.
process.exitCode = code;
if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => process.exit(code));
else process.exit(code);
