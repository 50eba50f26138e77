/**
 * The image metadata the rest of the engine sees. The content store keeps blobs by digest; this
 * record is what `docker image inspect` and the container layer need.
 */
export interface ImageRecord {
  /** `sha256:<hex>` of the image config blob (Docker's image ID). */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** The OCI/Docker image config (architecture, os, config, rootfs, history). */
  config: ImageConfigFile;
  /** Parent image id for images made by commit/build (Docker's `Parent`), or ''. */
  parent: string;
  /** Sum of the uncompressed layer sizes. */
  size: number;
  createdAt: string;
}

/** The `config` blob of an image, as in the OCI image spec / Docker schema2 config. */
export interface ImageConfigFile {
  architecture: string;
  os: string;
  created?: string;
  author?: string;
  comment?: string;
  config?: ContainerConfigDefaults;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: {
    created?: string;
    created_by?: string;
    comment?: string;
    author?: string;
    empty_layer?: boolean;
  }[];
}

/** Defaults an image gives the containers made from it. */
export interface ContainerConfigDefaults {
  User?: string;
  Env?: string[];
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  StopSignal?: string;
  Healthcheck?: {
    Test?: string[];
    Interval?: number;
    Timeout?: number;
    StartPeriod?: number;
    StartInterval?: number;
    Retries?: number;
  };
  OnBuild?: string[] | null;
  Shell?: string[];
}

/** What the container layer needs from the image store to build a rootfs. */
export interface ImageRootfsSource {
  /** Resolves a reference (name[:tag], name@digest, full or short ID) or throws AppError NotFound `No such image: <ref>`. */
  resolve(reference: string): Promise<ImageRecord>;
  /** Extracted layer directories for overlayfs `lowerdir`, top-most layer first. */
  layerDirs(image: ImageRecord): Promise<string[]>;
}
