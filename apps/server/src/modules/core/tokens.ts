/** Injection tokens for the infrastructure main.ts builds before Nest starts. */
export const SERVER_CONFIG = Symbol('ServerConfig');
export const DATABASE = Symbol('Database');
export const SERVER_PKI = Symbol('ServerPki');
