import { describe, expect, it } from 'vitest';

import { type ProcessRunner } from '../process-runner';

/** Programs the contract runs; a fake must answer these the way a real host does. */
export const CONTRACT_SCRIPTS = {
  mixedOutput: ['sh', ['-c', 'printf out; printf err >&2; exit 3']] as const,
  echoStdin: ['cat', []] as const,
  syncPipe: ['sh', ['-c', 'printf \'{"data": 42}\' >&3']] as const,
};

/** Behaviour every ProcessRunner must have (run against the fake and the real one). */
export function describeProcessRunnerContract(name: string, make: () => ProcessRunner): void {
  describe(`ProcessRunner contract: ${name}`, () => {
    it('run collects stdout, stderr and a non-zero exit code', async () => {
      const [cmd, args] = CONTRACT_SCRIPTS.mixedOutput;
      const r = await make().run(cmd, args);
      expect(r.exitCode).toBe(3);
      expect(r.stdout.toString()).toBe('out');
      expect(r.stderr.toString()).toBe('err');
    });

    it('run feeds stdin to the process', async () => {
      const [cmd, args] = CONTRACT_SCRIPTS.echoStdin;
      const r = await make().run(cmd, args, { stdin: 'hello' });
      expect(r.stdout.toString()).toBe('hello');
    });

    it('which finds installed programs and returns null for missing ones', async () => {
      const runner = make();
      expect(await runner.which('sh')).toMatch(/\/sh$/);
      expect(await runner.which('wharf-no-such-program')).toBeNull();
    });

    it('isAlive is false for a pid that does not exist', async () => {
      expect(await make().isAlive(4_194_000)).toBe(false);
    });

    it('spawn passes extra pipes as fd 3 and reports the exit', async () => {
      const [cmd, args] = CONTRACT_SCRIPTS.syncPipe;
      const child = make().spawn(cmd, args, { extraPipes: 1, output: 'ignore' });
      const chunks: Buffer[] = [];
      for await (const c of child.extraPipes[0]!) chunks.push(c as Buffer);
      expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ data: 42 });
      expect((await child.wait()).exitCode).toBe(0);
    });
  });
}
