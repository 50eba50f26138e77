/** The newest Engine API version wharfd speaks; the CLI negotiates down to it through `/_ping`. */
export const API_VERSION = '1.44';
/** The oldest version served (Docker's own minimum before 29.0). */
export const MIN_API_VERSION = '1.24';
/** What `/version` reports as the engine version (Docker CLI prints it as "Server: Version"). */
export const ENGINE_VERSION = '25.0.0-wharf';

function toNumber(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 1000 + Number(minor);
}

/** Orders two `major.minor` API versions. */
export function compareApiVersions(a: string, b: string): number {
  return toNumber(a) - toNumber(b);
}

/** Splits `/v1.41/containers/json` into its version and the unversioned path. */
export function splitVersionPrefix(path: string): { version: string | undefined; path: string } {
  const match = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
  return match ? { version: match[1], path: match[2] ?? '/' } : { version: undefined, path };
}

/** Docker's wording for a version outside the served range, or undefined when it is served. */
export function versionError(version: string): string | undefined {
  if (compareApiVersions(version, API_VERSION) > 0) {
    return `client version ${version} is too new. Maximum supported API version is ${API_VERSION}`;
  }
  if (compareApiVersions(version, MIN_API_VERSION) < 0) {
    return `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`;
  }
  return undefined;
}
