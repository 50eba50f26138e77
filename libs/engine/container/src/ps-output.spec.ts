import { describe, expect, it } from 'vitest';

import { filterPsOutput } from './ps-output';

describe('filterPsOutput (docker top)', () => {
  const ps =
    'UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 10:00 ?        00:00:01 /sbin/init\nroot         812     800  0 10:01 ?        00:00:00 sleep 300 --flag\n';
  it('keeps only the container processes and the command with its spaces', () => {
    expect(filterPsOutput(ps, new Set(['812']))).toEqual({
      Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: [['root', '812', '800', '0', '10:01', '?', '00:00:00', 'sleep 300 --flag']],
    });
  });
  it('refuses ps options that drop the PID column, as Docker does', () => {
    expect(() => filterPsOutput('USER COMMAND\nroot sh\n', new Set(['1']))).toThrow(
      "Couldn't find PID field in ps output",
    );
  });
});
