import type {Diagnostic} from '../lint/diagnostic.js';

/** One configuration file to import: its name (for messages) and text. */
export type ImportSource = {file: string; text: string};

/** What import could not carry into lbwiz.yaml, or had to assume: `file:line:col: warning import/<code> …`. */
export type ImportWarning = Diagnostic & {severity: 'warning' | 'info'};

/** A place in a source file. */
export type Place = {file: string; line: number; column?: number};

/** Collects warnings in source order. */
export class WarningLog {
	readonly list: ImportWarning[] = [];

	warn(place: Place, code: string, message: string, severity: 'warning' | 'info' = 'warning') {
		const key = `${place.file}:${place.line}:import/${code}:${message}`;
		if (this.list.some(w => `${w.file}:${w.line}:${w.code}:${w.message}` === key)) return;
		this.list.push({file: place.file, line: place.line, column: place.column ?? 1, severity, code: `import/${code}`, message});
	}

	sorted(): ImportWarning[] {
		return [...this.list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
	}
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A real server found in the configs (by address), with the name lbwiz.yaml will use. */
export type RealServerDraft = {name: string; address: string; port?: number; weight?: number};

/**
Real servers are identified by address across keepalived and HAProxy files; the first good name
seen (an HAProxy `server` name) wins, otherwise `rs-<address with dashes>`.
*/
export class RealServerRegistry {
	readonly byAddress = new Map<string, RealServerDraft>();
	private readonly taken = new Set<string>();

	constructor(reserved: Iterable<string> = []) {
		for (const name of reserved) this.taken.add(name);
	}

	reserve(name: string) {
		this.taken.add(name);
	}

	/** The real server at `address`, created when new; `preferredName` is used if valid and free. */
	get(address: string, preferredName?: string): RealServerDraft {
		const existing = this.byAddress.get(address);
		if (existing) return existing;
		let name = preferredName && HOST_NAME.test(preferredName) && !this.taken.has(preferredName) ? preferredName : `rs-${address.replaceAll('.', '-')}`;
		for (let i = 2; this.taken.has(name); i++) name = `rs-${address.replaceAll('.', '-')}-${i}`;
		this.taken.add(name);
		const draft: RealServerDraft = {name, address};
		this.byAddress.set(address, draft);
		return draft;
	}

	isTaken(name: string) {
		return this.taken.has(name);
	}
}

/** A valid lbwiz host name from free text (router_id, file name), or undefined. */
export function hostNameFrom(text: string | undefined): string | undefined {
	if (!text) return undefined;
	const cleaned = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
	return HOST_NAME.test(cleaned) ? cleaned : undefined;
}
