/** In-app help of `pansharpen.pnn` (markdown). */
export const pnnDescription = `Target-adaptive, unsupervised CNN pansharpening: a small residual CNN is trained on the scene itself
(no pre-trained weights) so that its output, blurred by the sensor MTF and decimated, matches the
hyperspectral bands (spectral loss) while following the PAN's local structure (spatial loss).

**Variants**
- \`r-pnn\` (Guarino, Ciotola, Vivone, Scarpa, "Band-wise hyperspectral image pansharpening using CNN
  model propagation", IEEE TGRS 2024): one 7/5/3 network (48/32 channels, reflection padding 6,
  residual) adapted band after band; loss = L1 spectral loss on the 61x61 MTF (GNyq 0.3) filtered output
  sampled on the LR grid + alpha x thresholded structural loss (alpha 0.5, 0.25 from the first band
  above 700 nm); iterations per band from the band spacing (first band 20; min((floor(dlambda/10)+1) x 15, 80));
  best-loss checkpoint per band carried to the next band; one Adam (lr 1e-5, eps 1e-8) never reset.
  Needs wavelengths (from the cube or the \`wavelengths\` param).
- \`rho-pnn\` (Guarino et al., "rho-PNN", 2025): 7/7/5 'same' reflect network; spatial loss mean(1 - |rho|)
  switched on/off by a hysteresis on the spectral loss (thresholds 0.558/0.62 L0 in \`rr\`, 0.585/0.65 L0 in
  \`fr\`), beta adaptation, EMA weights, adaptive per-band budget from inter-band correlation.
  Optional **pre-training on band 0** (\`pretrain\`, off by default: it keeps the zero-last-layer start and CI
  time): non-overlapping patches of 90 (\`rr\`) / 120 (\`fr\`) PAN px (LR side floor(side/r), so r x that; a scene
  smaller than a patch along an axis is one patch along it), batches of 4, reshuffled every epoch (seeded);
  (1) model ensemble: 10 copies of the fully random PyTorch-style network (last layer random too, as the
  reference), each trained 10 epochs on the spectral loss with a fresh Adam, averaged; (2) \`pretrainEpochs\`
  (default 300) epochs with the hysteresis at a fixed beta 0.5 and L0 of each batch, EMA (0.95) from the first
  batch below t_on; the EMA weights are kept, or the last weights when t_on is never reached (the reference
  crashes there). The same Adam then runs the band loop. The reference's ensemble is in fact a no-op (its
  deep-copied optimizer steps copies of the original parameters, so the members never move); Bandwire trains
  the members as the paper describes. The \`losses\` output adds pretrain.steps/patches/L0/spectral/ema (band 0
  on the full image after pre-training); the curve and \`iterations\` include the pre-training steps.
  Simplified: no tiling / MobileNet tile selection in the band loop (every step sees the full image).
- \`z-pnn\` (Ciotola et al., "Pansharpening by CNNs in the full resolution framework", IEEE TGRS 2022):
  one 9/5/5 network for all bands at once, spectral + 0.36 x structural loss (mask semi-width 8), 100 iterations
  by default. Large scenes (H x W x B above 300 x 300 x 64 values) train on the centre tile of that size and
  predict the whole image.

**Bandwire choices** (see lesson H of the spec): the last layer starts at zero, so training starts from the
ideally interpolated cube; a band whose final spectral loss does not beat L0 (the interpolated band's own
loss) keeps the interpolated band - the \`losses\` output lists L0, the final losses and \`improved\` per band,
plus the loss curve. Inputs are divided by \`scale\` (2^16 for DN, 1 for reflectance); the output is in the
input's units, neither rounded nor clipped. Set \`scale\` so that the data land near [0, 1] (e.g. 10000 for
reflectance x 10000): on Jasper Ridge with the DN default 65536 no band improved at any learning rate tried.
**Learning rate**: the references' 1e-5 is meant for fine-tuning pre-trained weights; from the zero-last-layer start
(lesson H) it leaves the network at the interpolated cube within any practical budget (Jasper Ridge: 0 of 16 bands
improved even at 1e-4 with the DN scale), so \`learningRate\` = 0 means r-pnn 3e-4, rho-pnn 1e-3, z-pnn 2e-4 (the
rates measured to improve on the synthetic scene and on Jasper Ridge).
Ratios 2, 3, 4, 6, 8, 12 (ideal interpolator; LR pixel i sits on HR r*i + floor(r/2)). The PAN must be at
least 61 + r pixels per side (61x61 MTF of the spectral loss). Cancelling stops at the next iteration and
releases every tensor. The node is then reported as cancelled but keeps its best state so far as its outputs
(shown in previews, never cached, not passed downstream): r-pnn and rho-pnn after each finished band (the tuned
bands, the rest interpolated), z-pnn every 10 iterations (the best weights so far; the cube stays interpolated).

**Measured on Jasper Ridge** (graphs/examples/wald-jasper.json: Wald protocol, ratio 4, 16 bands 419-2457 nm,
100x100 reference, 400-700 nm synthetic PAN, scale 10000; r-pnn cap 5 iterations/band lr 3e-4, rho-pnn cap 4 lr 1e-3,
z-pnn 40 iterations lr 1e-3; 21 / 16 / 10 s on the 2-core CPU with the other nodes running beside them; measured
with the fused multiply-add and SIMD loss kernels, which change results in the last bits and z-pnn's 40-step outcome
slightly):

| method | ERGAS | SAM (deg) | Q2n | SCC | PSNR (dB) |
|---|---|---|---|---|---|
| interp | 7.28 | 9.07 | 0.827 | 0.221 | 26.25 |
| gsa | 5.58 | 8.49 | 0.910 | 0.550 | 28.86 |
| mtfGlp fs | 5.27 | 8.29 | 0.911 | 0.548 | 29.86 |
| mtfGlp hpm | 11.50 | 10.44 | 0.720 | 0.515 | 24.43 |
| mtfGlp hpm-r | 5.47 | 8.29 | 0.911 | 0.551 | 29.71 |
| btH | 21.90 | 11.24 | 0.641 | 0.279 | 18.87 |
| awlp | 12.71 | 13.28 | 0.720 | 0.514 | 22.87 |
| pnn r-pnn | 6.20 | 8.55 | 0.865 | 0.412 | 27.28 |
| pnn rho-pnn | 6.93 | 8.90 | 0.846 | 0.235 | 26.63 |
| pnn z-pnn | 6.66 | 9.24 | 0.850 | 0.297 | 26.91 |

Every variant beats interpolation on ERGAS, Q2n, SCC and PSNR, and r-pnn and rho-pnn on SAM too (z-pnn's SAM at
this 40-step budget is 9.24 against 9.07); with these CI-sized budgets none reaches GSA / MTF-GLP-FS.
Larger budgets (same scene): z-pnn 120 iterations 5.63 / 7.88 / 0.884 / 0.447 / 28.56 (15 of 16 bands improved;
ERGAS and SAM better than GSA; 68 s loaded); r-pnn cap 20 per band (320 iterations) 6.12 / 8.64 / 0.872 / 0.400 /
27.31 (101 s loaded).

**rho-pnn pre-training on Jasper Ridge** (graphs/examples/wald-jasper.json as shipped, seed 0, lr 1e-3, with
\`--set rhoPnn.iterations=N --set rhoPnn.pretrain=true\`; pretrainEpochs 300: one 88 px patch, 100 ensemble + 300
hysteresis steps; ERGAS / SAM / Q2n, bands improved of 16, node time on the 2-core CPU; interp 7.28 / 9.07 / 0.827):

| rho-pnn | without pretrain | with pretrain |
|---|---|---|
| cap 4 | 6.91 / 8.89 / 0.844, 13 bands, 28 s | 6.66 / 8.92 / 0.857, 15 bands, 58 s (t_on never reached: last weights) |
| cap 20 | 6.13 / 8.40 / 0.869, 16 bands, 43 s | 5.87 / 8.11 / 0.883, 16 bands, 90 s |

**Measured** (synthetic Wald-protocol scene, 80x80 PAN, ratio 4, 3 bands; ERGAS on the image less 8 px borders):
ideal interpolation 3.52; r-pnn 2.14 (25 iterations/band cap, lr 3e-4); rho-pnn 3.31 (cap 25, lr 1e-3);
z-pnn 2.79 (40 iterations, lr 2e-4). With lr 1e-3 r-pnn's first band and z-pnn overshoot and fall back to HS~.
Speed (\`npm run bench -- pnn\`, 2-core machine): one R-PNN iteration at 240x240 PAN takes 0.41 s on the wasm
backend (2 threads, fused multiply-add kernels), 0.66-0.72x the PyTorch reference's 0.57-0.62 s (one thread, its
default here) and 0.82-0.88x PyTorch on 2 threads; with BANDWIRE_THREADS=1, 0.53 s (1.0x PyTorch on one thread).`;
