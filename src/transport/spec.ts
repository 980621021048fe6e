/**
Transport specs as written on the command line and in lbwiz.yaml: `local`, `netns:NAME`,
`ssh://[user@]host[:port]`.
*/
import {LocalTransport, type LocalTransportOptions} from './local.js';
import {NetnsTransport} from './netns.js';
import {SshTransport, type SshOptions} from './ssh.js';
import type {Transport} from './transport.js';

/** A parsed transport spec. */
export type TransportSpec = {kind: 'local'} | {kind: 'netns'; name: string} | {kind: 'ssh'; host: string; user?: string; port?: number};

/** Thrown for a spec that cannot be used; the message says what is expected. */
export class TransportSpecError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TransportSpecError';
	}
}

const EXPECTED = 'expected local, netns:NAME or ssh://[user@]host[:port]';

/** Parses `local` | `netns:NAME` | `ssh://[user@]host[:port]`; rejects hosts and users starting with '-'. */
export function parseTransportSpec(spec: string): TransportSpec {
	const text = spec.trim();
	if (text === 'local') return {kind: 'local'};
	if (text.startsWith('netns:')) {
		const name = text.slice('netns:'.length);
		if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/.test(name) || name === '.' || name === '..') throw new TransportSpecError(`invalid namespace name in '${spec}': letters, digits, '.', '_', '-' (not starting with '-')`);
		return {kind: 'netns', name};
	}
	if (text.startsWith('ssh://')) {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			throw new TransportSpecError(`invalid ssh spec '${spec}': ${EXPECTED}`);
		}
		if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash || url.password) throw new TransportSpecError(`invalid ssh spec '${spec}': only ssh://[user@]host[:port] (no password, path or query)`);
		const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
		const user = url.username === '' ? undefined : decodeURIComponent(url.username);
		if (host === '') throw new TransportSpecError(`invalid ssh spec '${spec}': no host`);
		if (host.startsWith('-')) throw new TransportSpecError(`invalid ssh host '${host}': must not start with '-'`);
		if (user !== undefined && (user.startsWith('-') || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(user))) throw new TransportSpecError(`invalid ssh user '${user}': letters, digits, '.', '_', '-' (not starting with '-')`);
		// URL drops the default port of known schemes only; ssh is not one, so any port is kept as written.
		const port = url.port === '' ? undefined : Number(url.port);
		if (port === 0) throw new TransportSpecError(`invalid ssh port in '${spec}': 1-65535`);
		return {kind: 'ssh', host, ...(user !== undefined ? {user} : {}), ...(port !== undefined ? {port} : {})};
	}
	throw new TransportSpecError(`invalid transport '${spec}': ${EXPECTED}`);
}

/** Options for transports made from specs. */
export type CreateTransportOptions = {local?: LocalTransportOptions; ssh?: SshOptions};

/** Makes the transport a spec names. */
export function createTransport(spec: string | TransportSpec, options: CreateTransportOptions = {}): Transport {
	const parsed = typeof spec === 'string' ? parseTransportSpec(spec) : spec;
	switch (parsed.kind) {
		case 'local':
			return new LocalTransport(options.local);
		case 'netns':
			return new NetnsTransport(parsed.name, new LocalTransport(options.local));
		case 'ssh':
			return new SshTransport({host: parsed.host, user: parsed.user, port: parsed.port}, options.ssh);
	}
}
