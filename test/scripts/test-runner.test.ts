/** scripts/test.mjs (`npm test`): both suites run and are reported, and any failure fails the run. */
import { describe, expect, it } from 'vitest';
import { STAGES, planStage, suiteCounts, summarize, type StageResult } from '../../scripts/test.mjs';

const passed = (name: string): StageResult => ({ name, status: 'passed', exitCode: 0, ms: 1000 });
const failed = (name: string, exitCode = 1): StageResult => ({ name, status: 'failed', exitCode, ms: 2000 });
const stage = (name: string) => STAGES.find((s) => s.name === name)!;

describe('npm test stages', () => {
  it('are typecheck, lint, build, vitest, playwright, in that order', () => {
    expect(STAGES.map((s) => s.name)).toEqual(['typecheck', 'lint', 'build', 'vitest', 'playwright']);
  });

  it('run Playwright after a vitest failure, and skip it (saying why) only when the build failed', () => {
    expect(planStage(stage('playwright'), [passed('typecheck'), passed('lint'), passed('build'), failed('vitest')])).toEqual({ run: true });
    expect(planStage(stage('playwright'), [failed('typecheck'), failed('lint'), failed('build'), passed('vitest')])).toEqual({ run: false, reason: 'build failed' });
    expect(planStage(stage('vitest'), [failed('typecheck'), failed('lint'), failed('build')])).toEqual({ run: true });
  });
});

describe('the summary', () => {
  it('fails the run when either suite failed, and names it', () => {
    const vitestFailed = summarize([passed('typecheck'), passed('lint'), passed('build'), { ...failed('vitest'), counts: '1 failed | 1338 passed (1339)' }, { ...passed('playwright'), counts: '14 passed' }]);
    expect(vitestFailed.exitCode).toBe(1);
    expect(vitestFailed.text).toMatch(/vitest\s+FAILED \(exit 1\).*1 failed \| 1338 passed/);
    expect(vitestFailed.text).toMatch(/playwright\s+passed.*14 passed/);
    expect(vitestFailed.text).toContain('1 of 5 stages did not pass (vitest)');

    expect(summarize([passed('vitest'), failed('playwright')]).exitCode).toBe(1);
    const skipped = summarize([failed('build', 2), { name: 'playwright', status: 'skipped', reason: 'build failed', ms: 0 }]);
    expect(skipped.exitCode).toBe(1);
    expect(skipped.text).toContain('skipped (build failed)');
  });

  it('passes only when every stage passed', () => {
    const all = summarize(STAGES.map((s) => passed(s.name)));
    expect(all.exitCode).toBe(0);
    expect(all.text).toContain('all 5 stages passed');
  });
});

describe('suite counts, from what each suite printed', () => {
  it('reads vitest', () => {
    const out = ' Test Files  1 failed | 118 passed (119)\n\u001b[2m      Tests \u001b[22m 1 failed | 1338 passed | 2 skipped (1341)\n   Start at  10:00:00';
    expect(suiteCounts('vitest', out)).toBe('1 failed | 1338 passed | 2 skipped (1341)');
  });

  it('reads Playwright', () => {
    const out = '  ✘  3 [chromium] › test/e2e/x.spec.ts:5:1 › y (2.0s)\n\n  1 failed\n    [chromium] › test/e2e/x.spec.ts:5:1 › y\n  13 passed (1.6m)\n';
    expect(suiteCounts('playwright', out)).toBe('1 failed, 13 passed');
  });

  it('says nothing when a suite printed no count (it crashed before)', () => {
    expect(suiteCounts('vitest', 'Error: Cannot find module')).toBeNull();
    expect(suiteCounts('playwright', '')).toBeNull();
  });
});
