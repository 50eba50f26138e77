import { describe, expect, it } from 'vitest';

import {
  applyProgress,
  emptyProgress,
  JsonLineSplitter,
  layerPercent,
  splitReference,
  type ProgressLine,
} from './pull-progress';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('JSON progress lines', () => {
  it('keeps a line cut by a chunk boundary until its end arrives', () => {
    const splitter = new JsonLineSplitter();
    expect(splitter.feed(bytes('{"status":"Pulling fs layer","id":"a1"}\n{"stat'))).toEqual([
      { status: 'Pulling fs layer', id: 'a1' },
    ]);
    expect(splitter.feed(bytes('us":"Downloading","id":"a1"}\n'))).toEqual([
      { status: 'Downloading', id: 'a1' },
    ]);
    expect(splitter.end()).toEqual([]);
  });

  it('tracks each layer in first-seen order with bytes done of total', () => {
    const lines: ProgressLine[] = [
      { status: 'Pulling from demo/busybox', id: '1' },
      { status: 'Pulling fs layer', id: 'a1', progressDetail: {} },
      { status: 'Pulling fs layer', id: 'b2', progressDetail: {} },
      { status: 'Downloading', id: 'b2', progressDetail: { current: 50, total: 200 } },
      { status: 'Download complete', id: 'a1', progressDetail: {} },
      { status: 'Digest: sha256:abc' },
      { status: 'Status: Downloaded newer image for 127.0.0.1:5000/demo/busybox:1' },
    ];
    const state = lines.reduce(applyProgress, emptyProgress());
    expect(state.layers.map((l) => [l.id, l.status, layerPercent(l)])).toEqual([
      ['a1', 'Download complete', 100],
      ['b2', 'Downloading', 25],
    ]);
    expect(state.messages).toEqual([
      'Pulling from demo/busybox 1',
      'Digest: sha256:abc',
      'Status: Downloaded newer image for 127.0.0.1:5000/demo/busybox:1',
    ]);
    expect(state.error).toBeUndefined();
  });

  it('reports the error message of an error line', () => {
    const state = applyProgress(emptyProgress(), {
      error: 'manifest unknown',
      errorDetail: { message: 'manifest for demo/x:1 not found' },
    });
    expect(state.error).toBe('manifest for demo/x:1 not found');
  });
});

describe('image references', () => {
  it('splits name and tag, keeping a registry port in the name', () => {
    expect(splitReference('127.0.0.1:5000/demo/busybox:1')).toEqual({
      name: '127.0.0.1:5000/demo/busybox',
      tag: '1',
    });
    expect(splitReference('127.0.0.1:5000/demo/busybox')).toEqual({
      name: '127.0.0.1:5000/demo/busybox',
      tag: 'latest',
    });
    expect(splitReference('busybox@sha256:abc')).toEqual({ name: 'busybox', tag: 'sha256:abc' });
  });
});
