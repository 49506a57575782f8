/**
 * CNN bench: one training step (forward + backward + Adam) of the PNN-shaped network
 * (9×9×48, ReLU, 5×5×32, ReLU, 5×5×1; 2 input channels, 'same' zero padding, L1 loss,
 * residual on channel 0) at 256×256 and 128×128 on the chosen backend, with GFLOP/s, next to
 * PyTorch (/usr/bin/python3, one thread, the same network) and the ratio of step times.
 * FLOPs per step = forward F + filter gradients F + input gradients of layers 2–3 (F − F₁).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { initRuntime, tf } from '../../engine/runtime/backend.ts';
import { cnnForwardFlops, cnnLayers, cnnLoss, cnnVariables, cnnWeights, randomArray } from '../../engine/kernels/cnn-fixture.ts';

const inChannels = 2;
const sizes = [256, 128];

function stepFlops(size: number): number {
  const forward = cnnForwardFlops(size, size, inChannels);
  const first = 2 * size * size * cnnLayers[0].size ** 2 * inChannels * cnnLayers[0].filters;
  return 3 * forward - first;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of one train step on the current backend (after one warm-up step). */
async function tfjsStep(size: number, steps: number): Promise<number> {
  const variables = cnnVariables(tf, cnnWeights(inChannels, 3));
  const input = tf.tensor4d(randomArray(size * size * inChannels, 4), [1, size, size, inChannels]);
  const target = tf.tensor4d(randomArray(size * size, 5), [1, size, size, 1]);
  const optimizer = tf.train.adam(1e-3);
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const start = performance.now();
    const loss = optimizer.minimize(() => cnnLoss(tf, input, target, variables), true, variables)!;
    await loss.data();
    loss.dispose();
    if (i > 0) times.push(performance.now() - start);
  }
  optimizer.dispose();
  tf.dispose([...variables, input, target]);
  return median(times);
}

const torchScript = `
import json, sys, time, torch
torch.set_num_threads(1)
torch.manual_seed(0)
size, steps = int(sys.argv[1]), int(sys.argv[2])
net = torch.nn.Sequential(
    torch.nn.Conv2d(${inChannels}, 48, 9, padding=4), torch.nn.ReLU(),
    torch.nn.Conv2d(48, 32, 5, padding=2), torch.nn.ReLU(),
    torch.nn.Conv2d(32, 1, 5, padding=2))
x = torch.rand(1, ${inChannels}, size, size) * 2 - 1
target = torch.rand(1, 1, size, size) * 2 - 1
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
times = []
for i in range(steps + 1):
    start = time.perf_counter()
    opt.zero_grad()
    loss = (net(x) + x[:, :1] - target).abs().mean()
    loss.backward()
    opt.step()
    if i > 0: times.append((time.perf_counter() - start) * 1000)
times.sort()
print(json.dumps({"ms": times[len(times) // 2], "version": torch.__version__}))
`;

/** PyTorch's median step in ms, or why it could not run. */
function torchStep(size: number, steps: number): { ms?: number; version?: string; skipped?: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { skipped: `${python} not found` };
  const run = spawnSync(python, ['-c', torchScript, String(size), String(steps)], {
    encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  const line = run.stdout?.trim().split('\n').pop();
  if (run.status !== 0 || !line) return { skipped: `PyTorch not available (${(run.stderr || '').trim().split('\n').pop()})` };
  return JSON.parse(line);
}

export async function benchCnn(): Promise<void> {
  const runtime = await initRuntime();
  console.log(`backend: ${runtime.backend} (${runtime.threads} thread${runtime.threads === 1 ? '' : 's'}) — ${runtime.reason}`);
  console.log('one train step (forward + backward + Adam), 3-layer CNN 9×9×48 · 5×5×32 · 5×5×1, 2 input channels, median of steps after a warm-up');
  for (const size of sizes) {
    const steps = size >= 256 ? 3 : 5;
    const flops = stepFlops(size);
    const ms = await tfjsStep(size, steps);
    const torch = torchStep(size, steps);
    const ours = `${size}×${size}: ${runtime.backend} ${ms.toFixed(0)} ms/step, ${(flops / ms / 1e6).toFixed(1)} GFLOP/s`;
    const peer = torch.ms !== undefined
      ? `PyTorch ${torch.version} (1 thread) ${torch.ms.toFixed(0)} ms/step, ${(flops / torch.ms / 1e6).toFixed(1)} GFLOP/s; ratio ${(ms / torch.ms).toFixed(2)}× PyTorch's time`
      : `PyTorch: ${torch.skipped}`;
    console.log(`${ours} | ${peer}`);
  }
}
