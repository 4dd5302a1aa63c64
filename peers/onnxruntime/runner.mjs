// ONNX Runtime peer for `edgebench bench`: the same protocol as edgebench's own engine (warm-up, then
// N timed runs, a monotonic clock around the inference call only) so ratios compare like with like.
//
// Usage: node runner.mjs --model M.onnx --input DATA.bin --batch B --samples N [--warmup W] [--threads T]
//        [--outputs OUT.bin] [--overhead 0|1] [--max-seconds S]
//        node runner.mjs --model M.onnx --input DATA.bin --all-outputs OUT.bin
// DATA.bin holds raw input tensors of batch 1, one after another (float32 or as the model's input type);
// runs cycle through them, B at a time; --max-seconds stops the timed runs early (after at least 10).
// Prints one JSON object: {runtime, threads, batch, samples_us, ...}.
// With --overhead 1 it also times an Identity model of the same input shape and type (built here as ONNX
// protobuf bytes, since onnxruntime-node cannot build models) and adds its median as overhead_us: the
// per-call cost of the binding (feeds, output allocation, the promise), not of the model.
// --all-outputs runs every input in DATA.bin once at batch 1, untimed, and writes output 0 of each run
// back to back in its own type (float32 for the models here); the JSON then says {outputs, output}.
import * as ort from 'onnxruntime-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

function parseArgs(argv) {
  const args = { warmup: 100, threads: 1, batch: 1, samples: 1000, overhead: 0, 'max-seconds': 0 };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    args[key] = ['model', 'input', 'outputs', 'all-outputs'].includes(key) ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!args.model || !args.input) throw new Error('--model and --input are required');
  return args;
}

// Minimal protobuf writer for the identity model: varint and length-delimited fields only.
function varint(n) {
  const out = [];
  for (let v = BigInt(n); ; v >>= 7n) {
    if (v < 128n) { out.push(Number(v)); return out; }
    out.push(Number(v & 127n) | 128);
  }
}
const field = (num, bytes) => [...varint((num << 3) | 2), ...varint(bytes.length), ...bytes];
const intField = (num, n) => [...varint(num << 3), ...varint(n)];
const str = (s) => [...Buffer.from(s, 'utf8')];

const ONNX_TYPE = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7 };

// ModelProto{ir_version 7, opset 13, graph{Identity x -> y, input x, output y}} with a fixed shape.
function identityModel(type, shape) {
  const dims = shape.map((d) => field(1, intField(1, d))).flat();
  const tensorType = [...intField(1, ONNX_TYPE[type]), ...field(2, dims)];
  const valueInfo = (name) => [...field(1, str(name)), ...field(2, field(1, tensorType))];
  const node = [...field(1, str('x')), ...field(2, str('y')), ...field(4, str('Identity'))];
  const graph = [...field(1, node), ...field(2, str('identity')), ...field(11, valueInfo('x')),
    ...field(12, valueInfo('y'))];
  return Uint8Array.from([...intField(1, 7), ...field(7, graph), ...field(8, intField(2, 13))]);
}

async function timeRuns(session, batches, warmup, count, maxSeconds = 0) {
  for (let i = 0; i < warmup; ++i) await session.run(batches[i % batches.length]);
  const samples = [];
  let first = null;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9));
  for (let i = 0; i < count; ++i) {
    if (maxSeconds > 0 && i >= 10 && process.hrtime.bigint() > deadline) break;
    const feeds = batches[i % batches.length];
    const t0 = process.hrtime.bigint();
    const out = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    samples[i] = Number(t1 - t0) / 1000;
    if (i === 0) first = out[session.outputNames[0]];
  }
  return { samples, first };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

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
  const require = createRequire(import.meta.url);
  const version = require('onnxruntime-node/package.json').version;
  if (args['all-outputs']) {
    const shape = [1, ...dims.slice(1)];
    const parts = [];
    let output;
    for (let i = 0; i < count; ++i) {
      const feeds = { [name]: new ort.Tensor(type, all.slice(i * perSample, (i + 1) * perSample), shape) };
      const out = (await session.run(feeds))[session.outputNames[0]];
      parts.push(Buffer.from(new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength)));  // a copy
      output = { type: out.type, shape: out.dims };
    }
    writeFileSync(args['all-outputs'], Buffer.concat(parts));
    process.stdout.write(JSON.stringify({
      runtime: `onnxruntime-node ${version}`, threads: args.threads, batch: 1, input: { name, type, shape },
      output, outputs: count, samples_us: [],
    }) + '\n');
    return;
  }
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
  const { samples, first } = await timeRuns(session, batches, args.warmup, args.samples, args['max-seconds']);
  let overhead;
  if (args.overhead) {
    const options = { intraOpNumThreads: args.threads, interOpNumThreads: 1, executionMode: 'sequential' };
    const ident = await ort.InferenceSession.create(identityModel(type, [args.batch, ...dims.slice(1)]), options);
    const feeds = batches.map((f) => ({ x: f[name] }));
    overhead = median((await timeRuns(ident, feeds, Math.min(args.warmup, 100), Math.min(args.samples, 2000))).samples);
  }
  if (args.outputs && first) {
    writeFileSync(args.outputs, Buffer.from(first.data.buffer, first.data.byteOffset, first.data.byteLength));
  }
  process.stdout.write(JSON.stringify({
    runtime: `onnxruntime-node ${version}`, threads: args.threads, batch: args.batch,
    input: { name, type, shape: [args.batch, ...dims.slice(1)] }, samples_us: samples,
    ...(overhead === undefined ? {} : { overhead_us: overhead }),
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`onnxruntime peer: ${e.message}\n`);
  process.exit(1);
});
