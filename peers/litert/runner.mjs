// TensorFlow Lite (LiteRT) peer for `edgebench bench`: npm @litertjs/core (TFLite's runtime compiled to
// WebAssembly, XNNPACK on the CPU) run under Node with the same protocol as edgebench's own engine and
// the ONNX Runtime peer (warm-up, then N timed runs, a monotonic clock around the inference call only).
//
// Usage: node runner.mjs --model M.tflite --input DATA.bin --batch B --samples N [--warmup W] [--threads 1]
//        [--outputs OUT.bin] [--overhead 0|1 --overhead-model ID.tflite] [--max-seconds S]
//        node runner.mjs --model M.tflite --input DATA.bin --all-outputs OUT.bin
// DATA.bin holds raw batch-1 input tensors back to back in the model's input type (float32 or int8);
// runs cycle through them, B at a time. LiteRT's compiled models keep the shapes the file declares, so a
// batch-B run needs a model written at batch B (the C++ side writes one). --overhead-model is an
// identity-like model of the same input (edgebench writes a single RESHAPE); its median is overhead_us,
// the binding's per-call cost. --all-outputs runs every sample once, untimed, and writes output 0 of each
// run back to back in the model's output type. Prints one JSON object: {runtime, threads, batch, input,
// output, samples_us[, overhead_us]}.
//
// Under Node the package needs a shim: its loader calls importScripts() (a worker's API) on the
// Emscripten glue script and then reads self.ModuleFactory. The glue is evaluated here as a function
// with CommonJS's require/__filename/__dirname, which it uses to read the .wasm file from disk. int8 is
// not among the high-level Tensor API's types (and its CompiledModel refuses int8 models while
// describing their tensors), so everything goes through the low-level liteRtWasm bindings: tensor
// buffers of the model's own types, CompiledModel.run on them.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { warmup: 100, threads: 1, batch: 1, samples: 1000, overhead: 0, 'max-seconds': 0 };
  const paths = ['model', 'input', 'outputs', 'all-outputs', 'overhead-model'];
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    args[key] = paths.includes(key) ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!args.model || !args.input) throw new Error('--model and --input are required');
  if (args.threads !== 1) throw new Error('the LiteRT peer runs one thread (the single-threaded WebAssembly build)');
  if (args.overhead && !args['overhead-model']) throw new Error('--overhead 1 needs --overhead-model');
  return args;
}

// Relaxed SIMD is what current browsers (and Node 22) run LiteRT.js with; Node 20's V8 has it behind a
// flag, without which the package picks its plain-SIMD "compat" build (EB_LITERT_WASM=compat asks for
// that one). The flag must be set before the first WebAssembly compilation (the package's feature probe).
if (process.env.EB_LITERT_WASM !== 'compat') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

async function loadRuntime() {
  globalThis.self = globalThis;
  // The runtime's log lines go to stderr, less the INFO lines of every model and the NPU registry's
  // warning on machines without one.
  const quiet = (s) => { if (!/^INFO: |^WARNING: \[npu_registry/.test(s)) process.stderr.write(`${s}\n`); };
  globalThis.Module = { print: quiet, printErr: quiet };
  globalThis.importScripts = (path) => {
    const glue = vm.compileFunction(`${readFileSync(path, 'utf8')}\nreturn ModuleFactory;`,
      ['require', '__filename', '__dirname'], { filename: path });
    globalThis.ModuleFactory = glue(require, path, dirname(path));
  };
  const litert = await import('@litertjs/core');
  // The default environment probes WebGPU through `navigator`, which Node 20 lacks; the CPU needs none.
  const warn = console.warn;
  console.warn = (...a) => { if (!String(a[0]).startsWith('Failed to create default WebGPU device')) warn(...a); };
  try {
    const file = (await litert.supportsFeature('relaxedSimd')) ? 'litert_wasm_internal.js'
      : 'litert_wasm_compat_internal.js';
    const pkg = join(dirname(require.resolve('@litertjs/core')), '..');
    const liteRt = await litert.loadLiteRt(join(pkg, 'wasm', file));
    return { wasm: liteRt.liteRtWasm, env: liteRt.getDefaultEnvironment().liteRtEnvironment, file };
  } finally {
    console.warn = warn;
  }
}

const ELEMENT = { 1: 'float32', 9: 'int8', 3: 'uint8', 2: 'int32' };
const TYPED = { float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array };

function vectorToArray(v) {
  const out = [];
  for (let i = 0; i < v.size(); ++i) out.push(v.get(i));
  v.delete();
  return out;
}

function describe(tensorType) {
  const layout = tensorType.layout();
  const shape = vectorToArray(layout.dimensions());
  layout.delete();
  const element = tensorType.elementType();
  const type = ELEMENT[element.value];
  tensorType.delete();
  if (!type) throw new Error(`element type ${element.value} is not supported by the runner`);
  if (shape.some((d) => d < 1)) throw new Error(`dynamic shape [${shape}] is not supported by the runner`);
  return { type, shape, bytes: shape.reduce((a, b) => a * b, 1) * TYPED[type].BYTES_PER_ELEMENT };
}

class Session {
  constructor(rt, path, threads) {
    const { wasm, env } = rt;
    this.wasm = wasm;
    this.env = env;
    const bytes = readFileSync(path);
    // The model must outlive the compiled model: LiteRT reads the flatbuffer in place.
    this.modelPtr = wasm._malloc(bytes.length);
    wasm.HEAPU8.set(bytes, this.modelPtr);
    this.model = wasm.loadModel(env, this.modelPtr, bytes.length);
    this.compiled = wasm.compileModel(env, this.model,
      { accelerator: 'wasm', cpuOptions: { numThreads: threads }, gpuOptions: {}, webNNOptions: {} });
    const sig = this.model.getSignature(0);
    const inputs = vectorToArray(sig.inputNames());
    sig.delete();
    if (inputs.length !== 1) throw new Error(`${path} has ${inputs.length} inputs; the runner feeds one`);
    this.inputName = inputs[0];
    this.input = describe(this.model.getInputTensorType(0, 0));
    this.output = describe(this.model.getOutputTensorType(0, 0));
  }

  async init() {
    this.compiled = await this.compiled;  // a Promise only in the JSPI build
    return this;
  }

  // A host-memory tensor buffer of the model's input type holding `data` (bytes).
  makeInput(data) {
    const w = this.wasm;
    const tensorType = this.model.getInputTensorType(0, 0);
    const buf = w.LiteRtTensorBuffer.createManaged(this.env, w.LiteRtTensorBufferType.HOST_MEMORY, tensorType,
      this.input.bytes);
    tensorType.delete();
    const ptr = buf.lock(w.LiteRtTensorBufferLockMode.WRITE);
    w.HEAPU8.set(data, ptr);
    buf.unlock();
    return buf;
  }

  // One inference; the caller deletes the returned output buffers.
  run(buf) { return this.compiled.run(0, [buf]); }

  // Output 0's bytes (a copy: the heap may move on the next allocation).
  static read(w, out) {
    const ptr = out.lock(w.LiteRtTensorBufferLockMode.READ);
    const bytes = w.HEAPU8.slice(ptr, ptr + out.packedSize());
    out.unlock();
    return bytes;
  }
}

async function runOnce(session, buf) {
  let outs = session.run(buf);
  if (outs instanceof Promise) outs = await outs;
  return outs;
}

async function timeRuns(session, bufs, warmup, count, maxSeconds = 0) {
  for (let i = 0; i < warmup; ++i) for (const o of await runOnce(session, bufs[i % bufs.length])) o.delete();
  const samples = [];
  let first = null;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9));
  for (let i = 0; i < count; ++i) {
    if (maxSeconds > 0 && i >= 10 && process.hrtime.bigint() > deadline) break;
    const buf = bufs[i % bufs.length];
    const t0 = process.hrtime.bigint();
    let outs = session.run(buf);
    if (outs instanceof Promise) outs = await outs;
    const t1 = process.hrtime.bigint();
    samples[i] = Number(t1 - t0) / 1000;
    if (i === 0) first = Session.read(session.wasm, outs[0]);
    for (const o of outs) o.delete();
  }
  return { samples, first };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main() {
  const args = parseArgs(process.argv);
  const rt = await loadRuntime();
  const session = await new Session(rt, args.model, args.threads).init();
  const { input, output } = session;
  const modelBatch = input.shape[0];
  const batch = args['all-outputs'] ? 1 : args.batch;
  if (modelBatch !== batch) {
    throw new Error(`${args.model} has input batch ${modelBatch}, the run asks for ${batch}; LiteRT keeps the ` +
      'shapes a model declares, so pass a model written at that batch');
  }
  const perSample = input.bytes / batch;
  const raw = readFileSync(args.input);
  const count = Math.floor(raw.byteLength / perSample);
  if (count < 1) throw new Error(`${args.input} holds less than one input of ${perSample} bytes`);
  const version = require('@litertjs/core/package.json').version;
  const result = { runtime: `litert-wasm ${version}`, wasm: rt.file, threads: args.threads, batch,
    input: { name: session.inputName, type: input.type, shape: input.shape },
    output: { type: output.type, shape: output.shape } };

  if (args['all-outputs']) {
    const buf = session.makeInput(raw.subarray(0, perSample));
    const all = Buffer.alloc(count * output.bytes);
    for (let i = 0; i < count; ++i) {
      const ptr = buf.lock(rt.wasm.LiteRtTensorBufferLockMode.WRITE);
      rt.wasm.HEAPU8.set(raw.subarray(i * perSample, (i + 1) * perSample), ptr);
      buf.unlock();
      const outs = await runOnce(session, buf);
      all.set(Session.read(rt.wasm, outs[0]), i * output.bytes);
      for (const o of outs) o.delete();
    }
    writeFileSync(args['all-outputs'], all);
    process.stdout.write(`${JSON.stringify({ ...result, outputs: count, samples_us: [] })}\n`);
    return;
  }

  // Fill every batch's buffer before timing, so the timed window holds only the run call.
  const bufs = [];
  const distinct = Math.max(1, Math.min(64, Math.floor(count / batch) || 1));
  for (let b = 0; b < distinct; ++b) {
    const data = new Uint8Array(input.bytes);
    for (let k = 0; k < batch; ++k) {
      const src = ((b * batch + k) % count) * perSample;
      data.set(raw.subarray(src, src + perSample), k * perSample);
    }
    bufs.push(session.makeInput(data));
  }
  const { samples, first } = await timeRuns(session, bufs, args.warmup, args.samples, args['max-seconds']);
  let overhead;
  if (args.overhead) {
    const ident = await new Session(rt, args['overhead-model'], args.threads).init();
    if (ident.input.bytes !== input.bytes || ident.input.type !== input.type) {
      throw new Error(`${args['overhead-model']} does not take the model's input (${input.type} [${input.shape}])`);
    }
    const identBufs = bufs.map((_, b) => ident.makeInput(Session.read(rt.wasm, bufs[b])));
    overhead = median((await timeRuns(ident, identBufs, Math.min(args.warmup, 100), Math.min(args.samples, 2000))).samples);
  }
  if (args.outputs && first) writeFileSync(args.outputs, first);
  process.stdout.write(`${JSON.stringify({ ...result, samples_us: samples,
    ...(overhead === undefined ? {} : { overhead_us: overhead }) })}\n`);
}

main().catch((e) => {
  // Errors from inside the runtime span lines ("ERROR: [file:line]" per frame): one line for the note.
  process.stderr.write(`litert peer: ${String(e && e.message ? e.message : e).replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
