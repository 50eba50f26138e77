import type { EndpointRequest, Sandbox } from '@wharf/engine-network';

import type { ContainerConfig, ContainerState, HostConfig } from './container-types';
import type { VolumeMount } from './container-volumes';

/** What the engine persists per container (`containers/<id>/config.v2.json`). */
export interface ContainerRecord {
  id: string;
  /** With the leading slash, as Docker stores it. */
  name: string;
  created: string;
  /** The reference the user gave (`busybox`), shown as `Image` in `ps`. */
  imageRef: string;
  imageId: string;
  config: ContainerConfig;
  hostConfig: HostConfig;
  path: string;
  args: string[];
  state: ContainerState;
  restartCount: number;
  runtime: string;
  manuallyStopped: boolean;
  /** conmon's pid while the container runs (what re-adoption checks). */
  conmonPid: number;
  /** Last backoff used by the restart policy, ms. */
  backoffMs: number;
  /** Volumes resolved at create (named ones created when missing, anonymous ones made). */
  volumes?: VolumeMount[];
  /** Networks asked for at create or by `network connect`, by name (bridge-type modes only). */
  networks?: Record<string, EndpointRequest>;
  /** The live namespace, addresses and ports while the container runs. */
  sandbox?: Sandbox;
}

export function initialState(): ContainerState {
  return {
    Status: 'created',
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: '0001-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  };
}
