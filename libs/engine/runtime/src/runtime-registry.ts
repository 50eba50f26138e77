import { type ProcessRunner } from '@wharf/engine-host';
import { AppError } from '@wharf/errors';
import { type Logger } from '@wharf/util';

import { OciRuntime } from './oci-runtime';

/** Runtimes the engine knows, in order of preference when no default is configured. */
export const KNOWN_RUNTIMES = ['runc', 'crun'] as const;

export interface RuntimeProbe {
  /** Writes a bundle that runs a trivial process and returns its directory. */
  prepareBundle(): Promise<string>;
}

export interface RuntimeAvailability {
  name: string;
  path: string | null;
  usable: boolean;
  reason: string;
}

/**
 * Finds runc and crun on PATH and PROBES each (a real `run` of a trivial bundle), because a binary
 * that exists may still refuse this host: crun 1.8 rejects hybrid cgroups. Unusable runtimes are
 * logged with the runtime's own reason; per-container `--runtime` picks among the usable ones.
 */
export class RuntimeRegistry {
  private readonly usable = new Map<string, OciRuntime>();
  private readonly report: RuntimeAvailability[] = [];
  private defaultName = 'runc';

  constructor(
    private readonly processes: ProcessRunner,
    private readonly stateRoot: (name: string) => string,
    private readonly logger: Logger,
  ) {}

  /** Detects and probes; the default is `preferred` when usable, else the first usable one. */
  async detect(probe: RuntimeProbe, preferred = 'runc'): Promise<RuntimeAvailability[]> {
    const bundle = await probe.prepareBundle();
    for (const name of KNOWN_RUNTIMES) {
      const path = await this.processes.which(name);
      if (!path) {
        this.report.push({ name, path: null, usable: false, reason: 'not installed' });
        continue;
      }
      const runtime = new OciRuntime(name, path, this.stateRoot(name), this.processes);
      const result = await runtime.probe(bundle, `wharf-probe-${process.pid}-${name}`);
      this.report.push({ name, path, usable: result.ok, reason: result.ok ? 'ok' : result.reason });
      if (result.ok) this.usable.set(name, runtime);
      else
        this.logger.warn(
          { runtime: name, reason: result.reason },
          `runtime ${name} is installed but cannot run containers on this host; not using it`,
        );
    }
    const first = [...this.usable.keys()][0];
    this.defaultName = this.usable.has(preferred) ? preferred : (first ?? preferred);
    if (!first) this.logger.error('no usable OCI runtime found (need runc or crun)');
    else if (this.defaultName !== preferred)
      this.logger.warn({ runtime: this.defaultName }, `falling back to ${this.defaultName}`);
    return [...this.report];
  }

  /** Registers a runtime without probing (tests, or an operator-configured path). */
  add(runtime: OciRuntime, makeDefault = false): void {
    this.usable.set(runtime.name, runtime);
    if (makeDefault || this.usable.size === 1) this.defaultName = runtime.name;
  }

  get defaultRuntime(): string {
    return this.defaultName;
  }

  /** The named runtime (default when empty); InvalidArgument like Docker for unknown names. */
  get(name?: string): OciRuntime {
    const wanted = name && name.length > 0 ? name : this.defaultName;
    const runtime = this.usable.get(wanted);
    if (!runtime)
      throw new AppError(
        'InvalidArgument',
        'UNKNOWN_RUNTIME',
        `Unknown runtime specified ${wanted}`,
      );
    return runtime;
  }

  availability(): RuntimeAvailability[] {
    return [...this.report];
  }

  names(): string[] {
    return [...this.usable.keys()];
  }
}
