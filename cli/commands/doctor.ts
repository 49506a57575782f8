/** `bandwire doctor [--json]`: tensor backend in use (as the engine worker picks it) and why, threads (how chosen, or why fewer), fused multiply-add kernels (relaxed SIMD) on or off and why, versions. */
import { arch, cpus, platform } from 'node:os';
import { parseArgs } from '../args.ts';
import { EXIT, type CliIO } from '../io.ts';
import { cliHost } from '../registry.ts';
import { defaultCacheDir } from '../../engine/disk-cache.ts';

export default async function doctor(argv: string[], io: CliIO): Promise<number> {
  let json: boolean;
  try {
    json = parseArgs(argv, { flags: ['json'] }).flags.has('json');
  } catch (e) {
    io.stderr.write(`bandwire doctor: ${(e as Error).message}\nusage: bandwire doctor [--json]\n`);
    return EXIT.invalid;
  }
  const host = await cliHost(io.env, io.cwd);
  try {
    const info = await host.runtimeInfo();
    const report = {
      ...info,
      versions: { node: process.versions.node, ...info.versions },
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cacheDir: defaultCacheDir(io.env),
    };
    if (json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      // The reason lists its parts one per line: the choice, why not each better backend, threads.
      const reason = report.reason.split('; ').join('\n          ');
      const threads = report.backend === 'wasm' ? `${report.threads} (BANDWIRE_THREADS=n sets it, 1 to 8)` : report.backend === 'tensorflow' ? 'TensorFlow default' : String(report.threads);
      const off = report.kernelSimd?.startsWith('relaxed SIMD on') ? ' (BANDWIRE_RELAXED_SIMD=0 turns it off)' : '';
      const kernels = report.kernelSimd ? `kernels:  ${report.kernelSimd}${off}\n` : '';
      io.stdout.write(`backend:  ${report.backend}\nreason:   ${reason}\nthreads:  ${threads}\n${kernels}platform: ${report.platform}, ${report.cpus} CPU(s)\ncache:    ${report.cacheDir}\n`);
      for (const [k, v] of Object.entries(report.versions)) io.stdout.write(`${(k + ":").padEnd(19)} ${v}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    io.stderr.write(`bandwire doctor: tensor runtime failed to start: ${(e as Error).message}\n`);
    return EXIT.nodeFailed;
  } finally {
    await host.dispose();
  }
}
