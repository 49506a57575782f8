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
  Simplified: no pre-training on band 0 and no model ensemble (the zero-last-layer start replaces them);
  no tiling / MobileNet tile selection (every step sees the full image).
- \`z-pnn\` (Ciotola et al., "Pansharpening by CNNs in the full resolution framework", IEEE TGRS 2022):
  one 9/5/5 network for all bands at once, spectral + 0.36 x structural loss (mask semi-width 8), 100 iterations
  by default. Large scenes (H x W x B above 300 x 300 x 64 values) train on the centre tile of that size and
  predict the whole image.

**Bandwire choices** (see lesson H of the spec): the last layer starts at zero, so training starts from the
ideally interpolated cube; a band whose final spectral loss does not beat L0 (the interpolated band's own
loss) keeps the interpolated band - the \`losses\` output lists L0, the final losses and \`improved\` per band,
plus the loss curve. Inputs are divided by \`scale\` (2^16 for DN, 1 for reflectance); the output is in the
input's units, neither rounded nor clipped. The learning rate defaults to the references' 1e-5, which moves a
freshly initialised network only slightly in a few hundred iterations; 1e-4..1e-3 adapts faster.
Ratios 2, 3, 4, 6, 8, 12 (ideal interpolator; LR pixel i sits on HR r*i + floor(r/2)). The PAN must be at
least 61 + r pixels per side (61x61 MTF of the spectral loss). Cancelling stops at the next iteration and
releases every tensor (the engine reports the run as cancelled; no partial cube is returned).

**Measured** (synthetic Wald-protocol scene, 80x80 PAN, ratio 4, 3 bands; ERGAS on the image less 8 px borders):
ideal interpolation 3.52; r-pnn 2.14 (25 iterations/band cap, lr 3e-4); rho-pnn 3.31 (cap 25, lr 1e-3);
z-pnn 2.79 (40 iterations, lr 2e-4). With lr 1e-3 r-pnn's first band and z-pnn overshoot and fall back to HS~.
Speed: one R-PNN iteration at 240x240 PAN takes about 1.7x the PyTorch reference's (one thread) on the wasm backend
(\`npm run bench -- pnn\`).`;
