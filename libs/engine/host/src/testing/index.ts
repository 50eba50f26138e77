export { CallRecorder, type RecordedCall } from './fake-calls';
export { FakeCgroupFs } from './fake-cgroup-fs';
export { FakeClock } from './fake-clock';
export { FakeMountTable } from './fake-mount-table';
export { FakeProcessRunner, FakeSpawnedProcess, type FakeRunHandler } from './fake-process-runner';
export { CONTRACT_SCRIPTS, describeProcessRunnerContract } from './process-runner.contract';
export { describeMountTableContract } from './mount-table.contract';
export { FakeOverlayWhiteouts } from './fake-overlay-whiteouts';
export { describeOverlayWhiteoutsContract } from './overlay-whiteouts.contract';
