/**
The netns transport: `ip netns exec NAME argv…` through any inner transport (local by default,
or ssh to reach a namespace on a remote box). `ip netns exec` also bind-mounts /etc/netns/NAME/*
over /etc, so files read this way are the namespace host's view.
*/
import {classifyFailure} from './failure.js';
import {readFileVia, writeFileVia} from './file-ops.js';
import {LocalTransport} from './local.js';
import type {RunOptions, RunResult, Transport} from './transport.js';

const NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/** `netns:NAME`: commands run inside a named network namespace. */
export class NetnsTransport implements Transport {
	readonly spec: string;

	constructor(
		readonly name: string,
		private readonly inner: Transport = new LocalTransport(),
	) {
		if (!NAME.test(name)) throw new Error(`invalid network namespace name '${name}'`);
		this.spec = inner.spec === 'local' ? `netns:${name}` : `${inner.spec}/netns:${name}`;
	}

	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		const result = await this.inner.run(['ip', 'netns', 'exec', this.name, ...argv], options);
		return classifyFailure({...result, argv: [...argv]}, 'netns');
	}

	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}) {
		return readFileVia(this, path, options);
	}

	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}) {
		return writeFileVia(this, path, data, options);
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
