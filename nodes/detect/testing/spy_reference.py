"""Reference scores for the detector tests, computed with Spectral Python and numpy (float64).

Usage: python3 spy_reference.py SCENE.mat OUT_DIR [--scores] [--rx-auc]
Writes OUT_DIR/cube.f32 (rows*cols*bands, BIP float32 little-endian), truth.u8 (rows*cols),
meta.json (rows, cols, bands); with --scores also target.f64 (mean spectrum of the truth
pixels), rx/ace/mf.f64 (spectral.rx/ace/matched_filter) and cem.f64 (numpy, R = X^T X / N);
with --rx-auc meta.json also holds rx_auc (numpy float64 global RX, Mann-Whitney AUC).
"""
import json
import sys

import numpy as np
import scipy.io

scene, out = sys.argv[1], sys.argv[2]
mat = scipy.io.loadmat(scene)
cube = np.ascontiguousarray(mat['data'].astype(np.float32))
truth = (mat['map'] != 0).astype(np.uint8)
rows, cols, bands = cube.shape
cube.tofile(f'{out}/cube.f32')
np.ascontiguousarray(truth).tofile(f'{out}/truth.u8')
meta = {'rows': rows, 'cols': cols, 'bands': bands}

if '--scores' in sys.argv:
    import spectral
    # Spectral Python gets the float32 values as float64: on float32 input its np.average mean is
    # rounded to float32 (relative 1e-7), which moves RX/ACE by ~1e-4 on ill-conditioned scenes.
    cube64 = cube.astype(np.float64)
    target = cube.reshape(-1, bands)[truth.ravel() == 1].astype(np.float64).mean(axis=0)
    target.tofile(f'{out}/target.f64')
    spectral.rx(cube64).astype(np.float64).tofile(f'{out}/rx.f64')
    spectral.ace(cube64, target).astype(np.float64).tofile(f'{out}/ace.f64')
    spectral.matched_filter(cube64, target).astype(np.float64).tofile(f'{out}/mf.f64')
    pixels = cube.reshape(-1, bands).astype(np.float64)
    correlation = pixels.T @ pixels / pixels.shape[0]
    inverse_target = np.linalg.solve(correlation, target)
    (pixels @ inverse_target / (target @ inverse_target)).tofile(f'{out}/cem.f64')
    meta['spectral'] = spectral.__version__

if '--rx-auc' in sys.argv:
    # Independent float64 global RX and its ROC AUC (Mann-Whitney U with mid-ranks for ties).
    from scipy.stats import rankdata
    pixels = cube.reshape(-1, bands).astype(np.float64)
    centred = pixels - pixels.mean(axis=0)
    covariance = centred.T @ centred / (pixels.shape[0] - 1)
    rx = np.einsum('ij,ij->i', centred @ np.linalg.inv(covariance), centred)
    labels = truth.ravel() == 1
    ranks = rankdata(rx)
    positives = labels.sum()
    negatives = labels.size - positives
    meta['rx_auc'] = float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))

with open(f'{out}/meta.json', 'w') as f:
    json.dump(meta, f)
