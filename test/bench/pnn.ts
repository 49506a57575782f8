/**
 * R-PNN speed: one band with its scheduled iterations (15, i.e. a ~10 nm band step) at 240x240 PAN,
 * ratio 6, on the default tensor backend (full iteration: forward, spectral + structural loss,
 * backward, Adam, checkpoint), next to the same R-PNN-shaped iteration in PyTorch
 * (/usr/bin/python3, with one thread and with its default thread count: ReflectionPad2d(6),
 * conv 7x7 2->48, 5x5 48->32, 3x3 32->1, residual, 61x61 MTF spectral loss, cumsum xcorr
 * structural loss, Adam) timed in the same run.
 * The reference figure: ~0.47 s per iteration at 240x240 on one core. Bandwire's thread
 * count is the runtime's (BANDWIRE_THREADS, default every core up to 4).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { initRuntime, tf } from '../../engine/runtime/backend.ts';
import { Adam } from '../../nodes/pansharpen/pnn/adam.ts';
import { architecture, initialWeights, Network } from '../../nodes/pansharpen/pnn/network.ts';
import { prepareScene } from '../../nodes/pansharpen/pnn/scene.ts';
import { syntheticCase } from '../../nodes/pansharpen/pnn/synthetic.ts';
import { trainRpnn } from '../../nodes/pansharpen/pnn/train-rpnn.ts';

const SIZE = 240;
const RATIO = 6;
const ITERATIONS = 15;

const torchScript = String.raw`
import sys, time, math, torch, torch.nn as nn, torch.nn.functional as F
H, r, n, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if threads > 0: torch.set_num_threads(threads)
h = H // r
torch.manual_seed(0)
net = nn.Sequential(nn.ReflectionPad2d(6), nn.Conv2d(2, 48, 7), nn.ReLU(), nn.Conv2d(48, 32, 5), nn.ReLU(), nn.Conv2d(32, 1, 3))
opt = torch.optim.Adam(net.parameters(), lr=1e-5)
x = torch.rand(1, 2, H, H); lr = torch.rand(1, 1, h, h); pan = x[:, 1:2]; thr = torch.rand(1, 1, H, H)
k = torch.rand(1, 1, 61, 61) / 3721
def box(a, w):
    a = F.pad(a, (w, w, w, w)); c = torch.cumsum(torch.cumsum(a, -1), -2)
    return c[:, :, 2*w:, 2*w:] - c[:, :, :-2*w, 2*w:] - c[:, :, 2*w:, :-2*w] + c[:, :, :-2*w, :-2*w]
def xcorr(a, b, w):
    a = a.double(); b = b.double()
    a = a - box(a, w) / (4*w*w); b = b - box(b, w) / (4*w*w)
    sab = box(a*b, w); saa = torch.clip(box(a*a, w), 1e-20); sbb = torch.clip(box(b*b, w), 1e-20)
    sab = torch.clip(sab, 1e-20)
    return sab / ((saa*sbb)**0.5 + 1e-20)
def step():
    opt.zero_grad()
    out = net(x) + x[:, 0:1]
    spec = torch.mean(torch.abs(F.conv2d(out, k)[:, :, 3::6, 3::6] - lr[:, :, 5:-5, 5:-5]))
    X = 1.0 - torch.clamp(xcorr(out, pan, math.ceil(r / 2)), min=-1)
    struct = torch.mean(X * X.gt(thr))
    loss = spec + 0.5 * struct
    loss.backward(); opt.step()
    return loss.item()
for _ in range(2): step()
t = time.perf_counter()
for _ in range(n): step()
print((time.perf_counter() - t) / n, torch.get_num_threads())
`;

/** Seconds per iteration and the thread count PyTorch used (`threads` 0: its default, every core). */
function torchSecondsPerIteration(threads: number): { seconds: number; threads: number } | string {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return `${python} not found`;
  const run = spawnSync(python, ['-c', torchScript, String(SIZE), String(RATIO), String(ITERATIONS), String(threads)], { encoding: 'utf8' });
  if (run.status !== 0) return `PyTorch reference not run: ${run.stderr.trim().split('\n').pop()}`;
  const [seconds, used] = run.stdout.trim().split(/\s+/).map(Number);
  return { seconds, threads: used };
}

export async function benchPnn(): Promise<void> {
  const runtime = await initRuntime();
  const before = tf.memory().numTensors;
  const synthetic = syntheticCase(SIZE, 1, RATIO);
  const scene = prepareScene(synthetic.hs, synthetic.pan, { variant: 'r-pnn', ratio: RATIO, scale: 65536 });
  const arch = architecture('r-pnn');
  const net = new Network(tf, arch, initialWeights(arch, 0));
  const adam = new Adam(tf, net.variables, 1e-5);
  const hooks = { iteration: () => {}, checkAbort: async () => {} };
  // warm-up: 2 iterations (kernel compilation, allocations)
  await trainRpnn(tf, net, adam, scene, { schedule: [2], alphas: [0.5] }, hooks);
  const started = performance.now();
  await trainRpnn(tf, net, adam, scene, { schedule: [ITERATIONS], alphas: [0.5] }, hooks);
  const seconds = (performance.now() - started) / 1000;
  adam.dispose();
  net.dispose();
  const perIteration = seconds / ITERATIONS;
  console.log(`R-PNN one band, ${ITERATIONS} iterations at ${SIZE}x${SIZE} PAN (ratio ${RATIO}), backend ${runtime.backend}, ${runtime.threads} thread(s): ${seconds.toFixed(2)} s in all, ${perIteration.toFixed(3)} s/iteration (band setup included); tensors left: ${tf.memory().numTensors - before}`);
  // PyTorch with 1 thread, with its default (torch.get_num_threads(); 1 with this machine's OpenMP
  // build even on 2 cores), and with as many threads as Bandwire when that is neither.
  const used = new Set<number>();
  for (const threads of [1, 0, runtime.threads]) {
    if (used.has(threads)) continue;
    const torch = torchSecondsPerIteration(threads);
    if (typeof torch === 'string') {
      console.log(torch);
      break;
    }
    used.add(threads).add(torch.threads);
    const label = threads ? `${torch.threads} thread(s)` : `its default threads (${torch.threads})`;
    console.log(`PyTorch R-PNN-shaped iteration, ${label}, same run: ${torch.seconds.toFixed(3)} s/iteration; Bandwire / PyTorch = ${(perIteration / torch.seconds).toFixed(2)}`);
  }
}
