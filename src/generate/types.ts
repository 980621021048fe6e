/** A file lbwiz renders for one host. `path` is absolute on that host. */
export type RenderedFile = {host: string; path: string; content: string; mode: number; /** what it is, for plans */ purpose: string};

/** A command the plan runs on a host (argv, never a shell string), with why. */
export type PlannedCommand = {host: string; argv: string[]; purpose: string};

/** Everything rendered for one host. */
export type HostRender = {host: string; roles: string[]; files: RenderedFile[]; commands: PlannedCommand[]};
