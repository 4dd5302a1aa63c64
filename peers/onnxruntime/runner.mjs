// ONNX Runtime peer for `edgebench bench`: the same protocol as edgebench's own engine (warm-up, then
// N timed runs, a monotonic clock around the inference call only) so ratios compare like with like.
//
// Usage: node runner.mjs --model M.onnx --input DATA.bin --batch B --samples N [--warmup W] [--threads T]
//        [--outputs OUT.bin]
// DATA.bin holds raw input tensors of batch 1, one after another (float32 or as the model's input type);
// runs cycle through them, B at a time. Prints one JSON object: {runtime, threads, batch, samples_us, ...}.
import * as ort from 'onnxruntime-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

function parseArgs(argv) {
  const args = { warmup: 100, threads: 1, batch: 1, samples: 1000 };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    args[key] = ['model', 'input', 'outputs'].includes(key) ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!args.model || !args.input) throw new Error('--model and --input are required');
  return args;
}

const TYPED = {
  float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array, int64: BigInt64Array,
};

async function main() {
  const args = parseArgs(process.argv);
  const session = await ort.InferenceSession.create(args.model, {
    intraOpNumThreads: args.threads, interOpNumThreads: 1, executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const name = session.inputNames[0];
  const meta = session.inputMetadata ? session.inputMetadata[0] : undefined;
  const type = meta && meta.type ? meta.type : 'float32';
  const Typed = TYPED[type];
  if (!Typed) throw new Error(`input type ${type} is not supported by the runner`);
  const dims = meta && meta.shape ? meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1)) : null;
  if (!dims) throw new Error('cannot read the input shape');
  const perSample = dims.slice(1).reduce((a, b) => a * b, 1);
  const raw = readFileSync(args.input);
  const all = new Typed(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / Typed.BYTES_PER_ELEMENT));
  const count = Math.floor(all.length / perSample);
  if (count < 1) throw new Error(`${args.input} holds less than one input of ${perSample} elements`);
  // Build every batch tensor before timing, so the timed window holds only session.run.
  const batches = [];
  const distinct = Math.max(1, Math.min(64, Math.floor(count / args.batch) || 1));
  for (let b = 0; b < distinct; ++b) {
    const data = new Typed(perSample * args.batch);
    for (let k = 0; k < args.batch; ++k) {
      const src = ((b * args.batch + k) % count) * perSample;
      data.set(all.subarray(src, src + perSample), k * perSample);
    }
    batches.push({ [name]: new ort.Tensor(type, data, [args.batch, ...dims.slice(1)]) });
  }
  for (let i = 0; i < args.warmup; ++i) await session.run(batches[i % batches.length]);
  const samples = new Array(args.samples);
  let first = null;
  for (let i = 0; i < args.samples; ++i) {
    const feeds = batches[i % batches.length];
    const t0 = process.hrtime.bigint();
    const out = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    samples[i] = Number(t1 - t0) / 1000;
    if (i === 0) first = out[session.outputNames[0]];
  }
  if (args.outputs && first) {
    writeFileSync(args.outputs, Buffer.from(first.data.buffer, first.data.byteOffset, first.data.byteLength));
  }
  const require = createRequire(import.meta.url);
  const version = require('onnxruntime-node/package.json').version;
  process.stdout.write(JSON.stringify({
    runtime: `onnxruntime-node ${version}`, threads: args.threads, batch: args.batch,
    input: { name, type, shape: [args.batch, ...dims.slice(1)] }, samples_us: samples,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`onnxruntime peer: ${e.message}\n`);
  process.exit(1);
});
