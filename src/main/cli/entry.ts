// Entry of the command-line tool: out/main/cli.js when built, else loaded from the sources by bin/zhangdun.mjs.
import { ignoreClosedPipe } from './closed-pipe';
import { main } from './index';

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
