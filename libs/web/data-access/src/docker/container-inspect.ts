/** The parts of Docker's `GET /containers/{id}/json` answer the details page shows. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Path?: string;
  Args?: string[] | null;
  Image: string;
  RestartCount?: number;
  State: {
    Status: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status: string; FailingStreak?: number; Log?: { Output?: string }[] | null };
  };
  Config: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    User?: string;
    WorkingDir?: string;
  };
  HostConfig: {
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    Memory?: number;
    NanoCpus?: number;
    CpuShares?: number;
    PidsLimit?: number | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    Networks?: Record<
      string,
      { IPAddress?: string; Gateway?: string; MacAddress?: string; Aliases?: string[] | null }
    > | null;
  };
  Mounts?: {
    Type?: string;
    Name?: string;
    Source?: string;
    Destination?: string;
    Mode?: string;
    RW?: boolean;
  }[];
}

/** The `/top` answer: column titles and one row per process. */
export interface ContainerTop {
  Titles: string[];
  Processes: string[][];
}

/** The container's name without Docker's leading slash. */
export const containerName = (c: Pick<ContainerInspect, 'Name'>): string =>
  c.Name.replace(/^\//, '');
