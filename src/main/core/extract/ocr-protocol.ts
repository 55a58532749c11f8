/** What the OCR engine (ocr.ts) and its worker thread (ocr.worker.ts) say to each other. */
import type { OcrFailureReason } from './ocr-image';

export type OcrStatus = 'ok' | 'empty' | 'failed';

export interface OcrResult {
  status: OcrStatus;
  text: string;
  /** Mean line confidence, 0–1; null when nothing was recognised. */
  confidence: number | null;
  /** Why nothing came out: set on 'failed' (null there when the engine itself broke), null otherwise. */
  reason: null | OcrFailureReason;
}

export interface OcrWorkerData {
  /** ONNX Runtime intra-op threads. */
  threads: number;
}

export type OcrImageInput =
  | { kind: 'encoded'; bytes: Uint8Array }
  | { kind: 'rgba'; pixels: Uint8Array; width: number; height: number };

export interface OcrJob {
  type: 'recognise';
  id: number;
  image: OcrImageInput;
  maxPixels: number;
  maxMemoryMb: number;
  /** From when the worker starts on the image; checked between the model's steps. */
  timeoutMs: number;
}

/** Releases the model (the thread stays: ONNX Runtime's addon loads once per process). */
export interface OcrUnload {
  type: 'unload';
  id: number;
}

export type OcrRequest = OcrJob | OcrUnload;

export type OcrWorkerMessage =
  /** The model is loaded and this job's image is being read: its time cap starts now. */
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; result: OcrResult }
  | { type: 'unloaded'; id: number };

export function ocrFailed(reason: OcrFailureReason | null): OcrResult {
  return { status: 'failed', text: '', confidence: null, reason };
}
