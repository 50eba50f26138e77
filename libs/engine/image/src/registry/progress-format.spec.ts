import { describe, expect, it } from 'vitest';

import { humanSize, layerProgress, progressBar, shortDigest } from './progress-format';

describe('progress formatting (go-units HumanSize, JSONProgress.String at width 200)', () => {
  it('prints decimal sizes with four significant digits', () => {
    expect(humanSize(532)).toBe('532B');
    expect(humanSize(1000)).toBe('1kB');
    expect(humanSize(1_234_567)).toBe('1.235MB');
    expect(humanSize(10_485_760)).toBe('10.49MB');
    expect(humanSize(999_950)).toBe('1000kB');
  });

  it('draws the 50-column bar with right-aligned counts', () => {
    expect(progressBar(1_048_576, 10_485_760)).toBe(`[=====>${' '.repeat(45)}]  1.049MB/10.49MB`);
    expect(progressBar(10, 10)).toBe(`[${'='.repeat(50)}>] ${'10B'.padStart(8)}/10B`);
    expect(progressBar(0, 0)).toBe('');
    expect(progressBar(2048, 0)).toBe(' 2.048kB');
  });

  it('builds layer lines as dockerd sends them', () => {
    expect(layerProgress('0123456789ab', 'Downloading', 500, 1000)).toEqual({
      status: 'Downloading',
      progressDetail: { current: 500, total: 1000 },
      progress: `[${'='.repeat(25)}>${' '.repeat(25)}]     500B/1kB`,
      id: '0123456789ab',
    });
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
  });
});
