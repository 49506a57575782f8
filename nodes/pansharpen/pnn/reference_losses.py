# PyTorch (float64) reference of the PNN losses, written from ALGORITHMS.md A.3-A.5 in the form of
# the R-PNN / rho-PNN code (cumsum box sums, [3::6] sampling, [5:-5] label crop, r = 6).
# stdin: JSON {out, lr, pan, interp, thr?, k61, k41, H, h}; stdout: JSON of losses and gradients.
import json, math, sys
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
data = json.load(sys.stdin)
H, h = data['H'], data['h']


def t(name, rows, cols):
    return torch.tensor(data[name], dtype=torch.float64).reshape(1, 1, rows, cols)


def box(x, w):
    x = F.pad(x, (w, w, w, w))
    c = torch.cumsum(torch.cumsum(x, dim=-1), dim=-2)
    return c[:, :, 2 * w:, 2 * w:] - c[:, :, :-2 * w, 2 * w:] - c[:, :, 2 * w:, :-2 * w] + c[:, :, :-2 * w, :-2 * w]


def xcorr(a, b, half_width, clip_cov):
    w = math.ceil(half_width)
    eps = 1e-20
    a = a - box(a, w) / (4 * w * w)
    b = b - box(b, w) / (4 * w * w)
    sab, saa, sbb = box(a * b, w), box(a * a, w), box(b * b, w)
    saa = torch.clip(saa, eps, saa.max().item())
    sbb = torch.clip(sbb, eps, sbb.max().item())
    if clip_cov:
        sab = torch.clip(sab, eps, sab.max().item())
    return sab / ((saa * sbb) ** 0.5 + eps)


k61 = torch.tensor(data['k61'], dtype=torch.float64).reshape(1, 1, 61, 61)
k41 = torch.tensor(data['k41'], dtype=torch.float64).reshape(1, 1, 41, 41)
out = t('out', H, H).requires_grad_(True)
lr = t('lr', h, h)
pan = t('pan', H, H)
interp = t('interp', H, H)
c = 61 // 2 // 6

# threshold mask (R-PNN): PAN reflect-padded by the scope 6, then by 20, valid 41x41 MTF
scope = 6
pan_pad = F.pad(pan, (scope,) * 4, mode='reflect')
pan_lp = F.conv2d(F.pad(pan_pad, (20,) * 4, mode='reflect'), k41)
interp_pad = F.pad(interp, (scope,) * 4, mode='reflect')
thr = 1.0 - xcorr(pan_lp, interp_pad, 18, False)[:, :, scope:-scope, scope:-scope]

spectral = torch.mean(torch.abs(F.conv2d(out, k61)[:, :, 3::6, 3::6] - lr[:, :, c:-c, c:-c]))
x = 1.0 - torch.clamp(xcorr(out, pan, 6 / 2, True), min=-1)
structural = torch.mean(x * x.gt(thr))
rho = torch.mean(1.0 - torch.abs(xcorr(out, pan, 3, False)))
g_spec, = torch.autograd.grad(spectral, out, retain_graph=True)
g_struct, = torch.autograd.grad(structural, out, retain_graph=True)
g_rho, = torch.autograd.grad(rho, out)
print(json.dumps({
    'spectral': spectral.item(), 'structural': structural.item(), 'rho': rho.item(),
    'threshold': thr.flatten().tolist(),
    'xcorr': xcorr(out.detach(), pan, 3, False).flatten().tolist(),
    'gradSpectral': g_spec.flatten().tolist(), 'gradStructural': g_struct.flatten().tolist(), 'gradRho': g_rho.flatten().tolist(),
}))
