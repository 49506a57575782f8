import { initRuntime, tf } from '../../../engine/runtime/backend.ts';
await initRuntime();
const H = 240;
const x = tf.randomUniform([1, H + 12, H + 12, 2]) as any;
const ws = [tf.variable(tf.randomUniform([7, 7, 2, 48], -0.1, 0.1)), tf.variable(tf.randomUniform([48], -0.1, 0.1)), tf.variable(tf.randomUniform([5, 5, 48, 32], -0.05, 0.05)), tf.variable(tf.randomUniform([32], -0.1, 0.1)), tf.variable(tf.randomUniform([3, 3, 32, 1], -0.1, 0.1)), tf.variable(tf.randomUniform([1], -0.1, 0.1))] as any[];
const plain = () => { let a = tf.relu(tf.add(tf.conv2d(x, ws[0], 1, 'valid'), ws[1])); a = tf.relu(tf.add(tf.conv2d(a as any, ws[2], 1, 'valid'), ws[3])); return tf.mean(tf.add(tf.conv2d(a as any, ws[4], 1, 'valid'), ws[5])); };
const fused = () => { let a = tf.fused.conv2d({ x, filter: ws[0], bias: ws[1], activation: 'relu' }); a = tf.fused.conv2d({ x: a, filter: ws[2], bias: ws[3], activation: 'relu' }); return tf.mean(tf.fused.conv2d({ x: a, filter: ws[4], bias: ws[5] })); };
const run = (f: any) => { const t = performance.now(); const { value, grads } = tf.variableGrads(f, ws); Object.values(grads).forEach((g: any) => g.dataSync()); const v = value.dataSync()[0]; tf.dispose([value, ...Object.values(grads)] as any); return [performance.now() - t, v]; };
const gp = tf.variableGrads(plain as any, ws).grads; const gf = tf.variableGrads(fused as any, ws).grads;
let md = 0; for (const k of Object.keys(gp)) { const a = gp[k].dataSync(), b = gf[k].dataSync(); for (let i = 0; i < a.length; i++) md = Math.max(md, Math.abs(a[i] - b[i])); }
console.log('max grad diff', md);
for (let r = 0; r < 3; r++) console.log('plain', run(plain)[0].toFixed(0), 'fused', run(fused)[0].toFixed(0));
