/**
 * The OCR worker thread: loads the model once, then recognises one image per message. Its time cap
 * is kept here, between the model's steps (before detection and before each text line, each a
 * bounded piece of work): ONNX Runtime's native addon can be loaded only once per process, so this
 * thread is not terminated to stop an image, only as a last resort (ocr.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkRgba, decodeImage, OcrInputError, type RgbaImage } from './ocr-image';
import { PaddleRecogniser } from './ocr-paddle';
import { ocrFailed, type OcrJob, type OcrRequest, type OcrResult, type OcrWorkerData, type OcrWorkerMessage } from './ocr-protocol';

const port = parentPort;
if (!port) throw new Error('ocr.worker must run as a worker thread');
const { threads } = workerData as OcrWorkerData;
let model: Promise<PaddleRecogniser> | null = null;

function post(message: OcrWorkerMessage): void {
  port?.postMessage(message);
}

async function recognise(recogniser: PaddleRecogniser, job: OcrJob, deadline: number): Promise<OcrResult> {
  const checkpoint = (): void => {
    if (performance.now() >= deadline) throw new OcrInputError('timeout');
  };
  let image: RgbaImage;
  try {
    if (job.image.kind === 'encoded') {
      image = decodeImage(job.image.bytes, job.maxPixels, job.maxMemoryMb);
    } else {
      image = { width: job.image.width, height: job.image.height, data: job.image.pixels };
      checkRgba(image, job.maxPixels, job.maxMemoryMb);
    }
    checkpoint();
    const recognised = await recogniser.recognise(image, checkpoint);
    return recognised.text
      ? { status: 'ok', text: recognised.text, confidence: recognised.confidence, reason: null }
      : { status: 'empty', text: '', confidence: null, reason: null };
  } catch (error) {
    // Anything else the pipeline throws on pixels that did decode (e.g. a 1×1 image) is the image's fault.
    return ocrFailed(error instanceof OcrInputError ? error.reason : 'damaged');
  }
}

async function handle(request: OcrRequest): Promise<void> {
  if (request.type === 'unload') {
    const loaded = model;
    model = null;
    await loaded?.then((m) => m.close()).catch(() => undefined);
    post({ type: 'unloaded', id: request.id });
    return;
  }
  let recogniser: PaddleRecogniser;
  try {
    recogniser = await (model ??= PaddleRecogniser.load(threads));
  } catch {
    // The model did not load: no image can be read; the next image tries again.
    model = null;
    post({ type: 'result', id: request.id, result: ocrFailed(null) });
    return;
  }
  const deadline = performance.now() + request.timeoutMs;
  post({ type: 'started', id: request.id });
  post({ type: 'result', id: request.id, result: await recognise(recogniser, request, deadline) });
}

port.on('message', (request: OcrRequest) => {
  void handle(request);
});
