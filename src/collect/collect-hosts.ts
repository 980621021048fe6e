/**
The collect engine: runs every collector on every host concurrently and returns one Bundle.
(Implementation in progress — the signature is final.)
*/
import type {Bundle} from './types.js';
import type {CollectOptions} from './engine-types.js';

/** Collects all facts of all hosts in `options.hosts`; never throws for host or command failures. */
export async function collectBundle(options: CollectOptions): Promise<Bundle> {
	throw new Error(`collectBundle: not implemented yet (${options.hosts.length} hosts)`);
}
