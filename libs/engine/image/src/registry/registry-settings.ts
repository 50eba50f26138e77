/** How the engine reaches registries (from the engine config). */
export interface RegistrySettings {
  /** `insecure-registries`: plain-HTTP registries besides loopback (`host[:port]` or IPv4 CIDR). */
  insecureRegistries: readonly string[];
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}
