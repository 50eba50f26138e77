export { buildConmonArgs, type ConmonOptions } from './conmon-args';
export { OciRuntime, type ConmonStarted, type OciState } from './oci-runtime';
export {
  buildDeleteArgs,
  buildExecArgs,
  buildKillArgs,
  buildPauseArgs,
  buildPsArgs,
  buildResumeArgs,
  buildRunArgs,
  buildStartArgs,
  buildStateArgs,
  buildUpdateArgs,
  type ExecArgsOptions,
  type RuntimeGlobals,
} from './runc-args';
export { RuntimeError } from './runtime-error';
export {
  KNOWN_RUNTIMES,
  RuntimeRegistry,
  type RuntimeAvailability,
  type RuntimeProbe,
} from './runtime-registry';
