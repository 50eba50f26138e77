import { describe, expect, it } from 'vitest';

import {
  containerRefOf,
  isEventStream,
  permissionFor,
  prunedKindOf,
  resourceRefOf,
} from './operation-permissions';

describe('relayed Docker API permissions', () => {
  it.each([
    ['POST', '/containers/abc/start', 'container:operate'],
    ['POST', '/v1.44/containers/abc/stop?t=1', 'container:operate'],
    ['DELETE', '/containers/abc?force=1', 'container:delete'],
    ['POST', '/containers/create?name=x', 'container:create'],
    ['GET', '/containers/json?all=1', 'container:read'],
    ['GET', '/containers/abc/logs?follow=1', 'container:logs'],
    ['POST', '/containers/abc/exec', 'container:console'],
    ['POST', '/exec/abc/start', 'container:console'],
    ['POST', '/images/create?fromImage=busybox', 'image:pull'],
    ['POST', '/images/load?quiet=1', 'image:pull'],
    ['DELETE', '/images/docker.io/library/busybox:latest', 'image:delete'],
    ['POST', '/images/prune', 'system:prune'],
    ['HEAD', '/_ping', 'host:read'],
  ])('%s %s needs %s', (method, path, permission) => {
    expect(permissionFor(method, path)).toBe(permission);
  });

  it('refuses endpoints it does not list', () => {
    expect(permissionFor('POST', '/swarm/init')).toBeUndefined();
    expect(permissionFor('PUT', '/containers/abc/archive')).toBeUndefined();
    expect(permissionFor('GET', '/containers/abc/start')).toBeUndefined();
  });

  it('finds the container a path acts on', () => {
    expect(containerRefOf('/v1.44/containers/web%201/start')).toBe('web 1');
    expect(containerRefOf('/containers/json?all=1')).toBeUndefined();
    expect(containerRefOf('/containers/create')).toBeUndefined();
    expect(resourceRefOf('/v1.44/volumes/data')).toEqual({ kind: 'volume', ref: 'data' });
    expect(resourceRefOf('/networks/n1/connect')).toEqual({ kind: 'network', ref: 'n1' });
    expect(resourceRefOf('/exec/e1/start')).toEqual({ kind: 'exec', ref: 'e1' });
    expect(resourceRefOf('/volumes/create')).toBeUndefined();
  });

  it('tells the event stream and prunes apart from the rest', () => {
    expect(isEventStream('GET', '/v1.44/events?since=1')).toBe(true);
    expect(isEventStream('POST', '/events')).toBe(false);
    expect(prunedKindOf('POST', '/v1.44/containers/prune?filters=%7B%7D')).toBe('container');
    expect(prunedKindOf('POST', '/volumes/prune')).toBe('volume');
    expect(prunedKindOf('POST', '/networks/prune')).toBe('network');
    expect(prunedKindOf('POST', '/images/prune')).toBe('image');
    expect(prunedKindOf('GET', '/volumes/prune')).toBeUndefined();
    expect(prunedKindOf('POST', '/containers/prune/start')).toBeUndefined();
  });
});
