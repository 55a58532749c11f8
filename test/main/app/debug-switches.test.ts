import { describe, expect, it } from 'vitest';
import { findDebugSwitch, nodeOptionsArgs } from '../../../src/main/app/debug-switches';

describe('findDebugSwitch', () => {
  it.each([
    [['--inspect'], 'inspect'],
    [['--inspect=9229'], 'inspect'],
    [['--inspect=0.0.0.0:9229'], 'inspect'],
    [['--inspect-brk'], 'inspect-brk'],
    [['--inspect-brk=9229'], 'inspect-brk'],
    [['--inspect_brk'], 'inspect-brk'],
    [['--inspect-port=9229'], 'inspect-port'],
    [['--inspect-wait'], 'inspect-wait'],
    [['--debug'], 'debug'],
    [['--remote-debugging-port=9222'], 'remote-debugging-port'],
    [['--remote-debugging-port', '9222'], 'remote-debugging-port'],
    [['-remote-debugging-port=9222'], 'remote-debugging-port'],
    [['--REMOTE-DEBUGGING-PORT=9222'], 'remote-debugging-port'],
    [['--remote-debugging-pipe'], 'remote-debugging-pipe'],
    [['--remote-allow-origins=*'], 'remote-allow-origins'],
    [['.', '--lang=zh-CN', '--inspect'], 'inspect'],
  ])('refuses %j', (args, name) => {
    expect(findDebugSwitch(args, 'linux')).toBe(name);
  });

  it('accepts the Windows /switch spelling only on Windows', () => {
    expect(findDebugSwitch(['/remote-debugging-port=9222'], 'win32')).toBe('remote-debugging-port');
    expect(findDebugSwitch(['/remote-debugging-port=9222'], 'linux')).toBeNull();
  });

  it.each([
    [[]],
    [['.']],
    [['/home/staff/inspect']],
    [['--lang=zh-CN', '--enable-logging']],
    [['--inspector-theme']],
    [['--debugger-free']],
    [['--no-sandbox-or-inspect']],
    [['inspect']],
  ])('lets %j through', (args) => {
    expect(findDebugSwitch(args, 'linux')).toBeNull();
  });
});

describe('nodeOptionsArgs', () => {
  it('splits NODE_OPTIONS so its switches are checked too', () => {
    expect(nodeOptionsArgs('  --max-old-space-size=4096   --inspect ')).toEqual(['--max-old-space-size=4096', '--inspect']);
    expect(findDebugSwitch(nodeOptionsArgs('--require x.js --inspect-brk'), 'linux')).toBe('inspect-brk');
    expect(nodeOptionsArgs(undefined)).toEqual([]);
    expect(nodeOptionsArgs('')).toEqual([]);
  });
});
