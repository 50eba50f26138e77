/** Asks the host whether a port is free to bind (something outside the engine may hold it). */
export abstract class PortProbe {
  abstract isFree(proto: string, hostIp: string, port: number): Promise<boolean>;
}
