/**
 * `zhangdun client list | head -1`: once the reader has what it wants it
 * closes the pipe, and the next write fails with EPIPE. Like other
 * command-line tools, zhangdun then stops printing without a word (no stack
 * trace) and finishes what it was doing, so the vault is closed as usual.
 */
export function ignoreClosedPipe(stream: NodeJS.EventEmitter): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}
