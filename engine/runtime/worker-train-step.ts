/**
 * Body of the worker-thread check (worker.test.ts): initialises the runtime inside a
 * worker_thread, runs one train step of the PNN-shaped CNN (32×32, 2 channels) with Adam and
 * posts { backend, threads, loss, lossAfter, leaked }; run as a script, prints it as JSON
 * (threads.test.ts).
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { initRuntime, tf } from './backend.ts';
import { cnnLoss, cnnVariables, cnnWeights, randomArray } from '../kernels/cnn-fixture.ts';

export async function trainStepReport(size = 32): Promise<Record<string, unknown>> {
  const runtime = await initRuntime();
  const before = tf.memory().numTensors;
  const variables = cnnVariables(tf, cnnWeights(2, 7));
  const input = tf.tensor4d(randomArray(size * size * 2, 11), [1, size, size, 2]);
  const target = tf.tensor4d(randomArray(size * size, 12), [1, size, size, 1]);
  const lossFunction = () => cnnLoss(tf, input, target, variables, 'reflect');
  const optimizer = tf.train.adam(1e-3);
  const loss = optimizer.minimize(lossFunction, true, variables)!;
  const lossAfter = tf.tidy(lossFunction);
  const report = { backend: runtime.backend, threads: runtime.threads, loss: loss.dataSync()[0], lossAfter: lossAfter.dataSync()[0] };
  tf.dispose([loss, lossAfter, ...variables, input, target]);
  optimizer.dispose();
  return { ...report, leaked: tf.memory().numTensors - before };
}

if (parentPort) {
  const port = parentPort;
  trainStepReport().then((report) => port.postMessage(report), (e) => port.postMessage({ error: String((e as Error).stack ?? e) }));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  trainStepReport().then(
    (report) => console.log(JSON.stringify(report)),
    (e) => console.log(JSON.stringify({ error: (e as Error).message, code: (e as { code?: string }).code })),
  );
}
