import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each test process keeps its users' state (anchors, pinned vault identities) in a temp folder of its
// own, never in the real profile; CLI processes the tests start inherit it.
if (!process.env.ZHANGDUN_STATE_DIR) process.env.ZHANGDUN_STATE_DIR = mkdtempSync(join(tmpdir(), 'zd-state-'));
