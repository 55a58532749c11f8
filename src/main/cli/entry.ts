// Entry of the built command-line tool (out/main/cli.js); bin/zhangdun.mjs prefers it when it is fresh.
import { main } from './index';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
