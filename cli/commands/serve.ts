/**
 * `bandwire serve [--port N] [--open]`: serves the editor on 127.0.0.1 (browser mode) until
 * interrupted. Builds the renderer first when it is missing or stale. `--open` opens it in the
 * system Chromium/Chrome in app mode (the server stops when that window closes); with no
 * browser found the URL is printed. See cli/editor-host/server.ts for the security model.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../args.ts';
import { openInBrowser } from '../editor-host/browser.ts';
import { startEditorServer } from '../editor-host/server.ts';
import { defaultConfigDir } from '../editor-host/storage.ts';
import { EXIT, type CliIO } from '../io.ts';
import { cliHost } from '../registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const USAGE = 'usage: bandwire serve [--port N] [--open]\n';

export default async function serve(argv: string[], io: CliIO): Promise<number> {
  let port = 0;
  let open = false;
  try {
    const args = parseArgs(argv, { flags: ['open'], options: ['port'] });
    open = args.flags.has('open');
    if (args.positionals.length) throw new Error(`unexpected argument '${args.positionals[0]}'`);
    const text = args.options.get('port');
    if (text !== undefined) {
      port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer in 0..65535, got '${text}'`);
    }
  } catch (e) {
    io.stderr.write(`bandwire serve: ${(e as Error).message}\n${USAGE}`);
    return EXIT.invalid;
  }
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-renderer.mjs', import.meta.url)), '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    io.stderr.write('bandwire serve: building the editor (scripts/build-renderer.mjs) failed\n');
    return EXIT.nodeFailed;
  }
  const host = await cliHost(io.env, io.cwd);
  let server;
  try {
    server = await startEditorServer({
      host,
      port,
      rendererDir: `${ROOT}dist/renderer`,
      configDir: defaultConfigDir(io.env),
      examplesDir: `${ROOT}graphs/examples`,
      cwd: io.cwd,
    });
  } catch (e) {
    await host.dispose();
    io.stderr.write(`bandwire serve: cannot listen on 127.0.0.1:${port}: ${(e as Error).message}\n`);
    return EXIT.invalid;
  }
  io.stdout.write(`Bandwire editor: ${server.url}\n`);
  let browser: ReturnType<typeof openInBrowser>;
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (open) {
      browser = openInBrowser(server.url, io.env);
      if (browser) {
        io.stderr.write('opened in the system browser (app mode); close its window or press Ctrl+C to stop\n');
        const launched = Date.now();
        browser.once('exit', (code) => {
          // A browser that dies at once (no display, bad profile) must not take the server down with it.
          if (code !== 0 && Date.now() - launched < 10_000) {
            io.stderr.write(`the browser exited at once (code ${code}); open the URL above in a browser, Ctrl+C to stop\n`);
            return;
          }
          resolve();
        });
        browser.once('error', (e) => io.stderr.write(`could not start the browser: ${e.message}; open the URL above\n`));
      } else io.stderr.write('no Chromium or Chrome found: open the URL above in a browser\n');
    }
  });
  await stopped;
  if (browser && browser.exitCode === null) browser.kill();
  await server.close();
  await host.dispose();
  return EXIT.ok;
}
