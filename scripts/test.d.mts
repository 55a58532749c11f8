/** Types for test.mjs (plain JavaScript, like start.mjs, so `npm test` needs no TypeScript step to start). */
export interface Stage {
  name: string;
  entry: string;
  args: string[];
  suite?: boolean;
  needs?: string;
}
export type StageResult =
  | { name: string; status: 'passed' | 'failed'; exitCode: number; ms: number; counts?: string }
  | { name: string; status: 'skipped'; reason: string; ms: number; counts?: string; exitCode?: number };
export declare const STAGES: Stage[];
export declare function planStage(stage: Stage, results: StageResult[]): { run: true } | { run: false; reason: string };
export declare function suiteCounts(name: string, output: string): string | null;
export declare function summarize(results: StageResult[]): { text: string; exitCode: number };
