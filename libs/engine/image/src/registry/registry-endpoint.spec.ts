import { describe, expect, it } from 'vitest';

import { parseReference } from '../reference';
import {
  isInsecureRegistry,
  loginDomain,
  referenceString,
  registryEndpoint,
} from './registry-endpoint';

describe('registry endpoints and references', () => {
  it('parses registry references with ports, tags and digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseReference('127.0.0.1:5000/team/app:v1')).toEqual({
      repository: '127.0.0.1:5000/team/app',
      tag: 'v1',
      digest: undefined,
    });
    expect(parseReference(`localhost:5000/app@${digest}`)).toEqual({
      repository: 'localhost:5000/app',
      tag: undefined,
      digest,
    });
    expect(parseReference('busybox').repository).toBe('docker.io/library/busybox');
  });

  it('talks plain HTTP to loopback and listed registries only', () => {
    expect(registryEndpoint('127.0.0.1:5000/team/app')).toEqual({
      domain: '127.0.0.1:5000',
      baseUrl: 'http://127.0.0.1:5000',
      path: 'team/app',
    });
    expect(registryEndpoint('localhost:5000/app').baseUrl).toBe('http://localhost:5000');
    expect(registryEndpoint('docker.io/library/busybox')).toEqual({
      domain: 'docker.io',
      baseUrl: 'https://registry-1.docker.io',
      path: 'library/busybox',
    });
    expect(registryEndpoint('registry.lan:5000/app').baseUrl).toBe('https://registry.lan:5000');
    expect(registryEndpoint('registry.lan:5000/app', ['registry.lan:5000']).baseUrl).toBe(
      'http://registry.lan:5000',
    );
    expect(isInsecureRegistry('10.1.2.3:5000', ['10.0.0.0/8'])).toBe(true);
    expect(isInsecureRegistry('11.1.2.3:5000', ['10.0.0.0/8'])).toBe(false);
  });

  it('names logins and references as Docker prints them', () => {
    expect(loginDomain('https://index.docker.io/v1/')).toBe('docker.io');
    expect(loginDomain('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(referenceString(parseReference('127.0.0.1:5000/app'), '127.0.0.1:5000/app')).toBe(
      '127.0.0.1:5000/app:latest',
    );
  });
});
