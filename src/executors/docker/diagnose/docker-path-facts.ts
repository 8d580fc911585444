// What the engine says about the two ends of a `diagnose` on Docker, as plain data: read once from
// the engine (read-docker-path.ts), judged without it (judge-docker-path.ts), so that every verdict
// can be tested from facts alone.

/** One Docker network as far as the path cares. */
export interface NetworkFacts {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  /** Docker's default `bridge`: no embedded DNS, names do not resolve there. */
  readonly defaultBridge: boolean;
  /** `com.docker.network.bridge.enable_icc=false`: Docker's own rules drop traffic between members. */
  readonly iccOff: boolean;
}

/** A container's place on one network; `ip` is empty while the container is not running. */
export interface EndpointFacts {
  readonly networkId: string;
  readonly networkName: string;
  readonly ip: string;
  readonly gateway: string;
  /** Names the embedded DNS answers here besides the container's own (compose service, --network-alias). */
  readonly aliases: readonly string[];
}

/** The state of a container the path ends at. */
export interface ContainerFacts {
  /** Without the leading slash. */
  readonly name: string;
  readonly id: string;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly status: string;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  /** `healthy`, `unhealthy`, `starting`, when the image or compose file has a healthcheck. */
  readonly health?: { readonly status: string; readonly lastOutput?: string };
  /** `--net host`: no address of its own, reached at the host's. */
  readonly hostNetwork: boolean;
  readonly endpoints: readonly EndpointFacts[];
  /** `5432/tcp`, from EXPOSE: documentation, it opens and closes nothing. */
  readonly exposed: readonly string[];
  /** Ports published on the host: `{ hostPort: '8080', containerPort: '80/tcp' }`. */
  readonly published: readonly { readonly hostPort: string; readonly containerPort: string }[];
}

/** FROM: where the probes run. */
export type FromFacts =
  | {
      /** A container (or a Swarm task's), or a network the toolbox joins as a member. */
      readonly kind: 'networks';
      readonly written: string;
      /** How the side is called in a sentence: `web` for container/web, `network/front` for a network. */
      readonly short: string;
      readonly endpoints: readonly EndpointFacts[];
    }
  | { readonly kind: 'host'; readonly written: string };

/** TO: what the path ends at. */
export type ToFacts =
  /** Containers: one for container/ and service/, all that answer to a name (a scaled compose service). */
  | {
      readonly kind: 'containers';
      readonly written: string;
      /** The name as written, when TO was a name or address rather than a target. */
      readonly asked?: string;
      readonly containers: readonly ContainerFacts[];
    }
  | { readonly kind: 'host'; readonly written: string }
  /** A name or address no container on this engine goes by: Docker has nothing to say about it. */
  | { readonly kind: 'elsewhere'; readonly written: string; readonly address: boolean }
  /** A target the engine lacks or cannot use (no such container, no Swarm): the service layer's verdict. */
  | {
      readonly kind: 'missing';
      readonly written: string;
      readonly why: string;
      readonly hints: readonly string[];
    };

export interface DockerPathFacts {
  readonly from: FromFacts;
  readonly to: ToFacts;
  /** As written: a number, or a name Docker cannot know. */
  readonly port?: string;
  /** Every network either side is on, by id. */
  readonly networks: ReadonlyMap<string, NetworkFacts>;
}
