/**
The lab's state file: every namespace, process, file and directory a lab created, and the faults
it carries. It is written before each thing is created, so `lbwiz lab down` can undo a lab that
crashed half-way, and removed last.
*/
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {LAB_STATE_ROOT, labPaths} from './paths.js';
import {listDir} from './system.js';

export const LAB_STATE_VERSION = 1;

/** One daemon the lab started. */
export type LabProcess = {
	host: string;
	ns: string;
	daemon: 'keepalived' | 'haproxy' | 'httpd' | 'sshd';
	pid: number;
	/** `/proc/PID/comm` at start, checked before signalling a recorded pid */
	comm: string;
	argv: string[];
	logFile: string;
	pidFile?: string;
	startedAt: string;
};

/** A lab host as built. */
export type LabHost = {
	name: string;
	ns: string;
	kind: 'director' | 'real-server' | 'client';
	roles: string[];
	address: string;
	prefixLength: number;
	/** the veth end in the switch namespace */
	switchPort: string;
};

/** A fault in place. */
export type LabFault = {name: string; hosts: string[]; appliedAt: string; detail: string};

/** Everything `lbwiz lab down` needs, and what `status` and `heal` read. */
export type LabState = {
	version: typeof LAB_STATE_VERSION;
	prefix: string;
	createdAt: string;
	phase: 'building' | 'up' | 'failed';
	/** the lab topology the effective one was made from */
	sourceTopology: string;
	/** the effective topology (netns transports) */
	topologyPath: string;
	switchNs: string;
	hosts: LabHost[];
	/** namespaces this lab created (switch included), in creation order */
	namespaces: string[];
	processes: LabProcess[];
	/** files this lab created (removed on down, in reverse order) */
	files: string[];
	/** directories this lab created (removed recursively on down, in reverse order) */
	dirs: string[];
	/** shared parents (/etc/netns, /run/lbwiz-lab, …) this lab created: removed on down when empty */
	sharedDirs: string[];
	/** root /etc entries created only so the overlay applies (removed when empty and no other lab needs them) */
	rootEtcCreated: string[];
	/** rendered files: host → overlay path on this machine → path inside the host */
	rendered: Array<{host: string; hostPath: string; overlayPath: string; pristinePath: string}>;
	faults: LabFault[];
	/** keepalived runs with -P (VRRP only) when the config has virtual servers and the kernel has no IPVS */
	keepalivedVrrpOnly: boolean;
};

/** Reads a lab's state; undefined when there is none. Throws on a corrupt file (with its path). */
export function readState(prefix: string): LabState | undefined {
	const path = labPaths(prefix).statePath;
	if (!existsSync(path)) return undefined;
	try {
		const state = JSON.parse(readFileSync(path, 'utf8')) as LabState;
		if (state.version !== LAB_STATE_VERSION) throw new Error(`unknown state version ${String(state.version)}`);
		return state;
	} catch (error) {
		throw new Error(`${path}: unreadable lab state (${(error as Error).message}); remove the lab's namespaces with \`ip netns del\` and delete the file`);
	}
}

/** Writes the state atomically (temp file + rename). */
export function writeState(state: LabState): void {
	const path = labPaths(state.prefix).statePath;
	mkdirSync(dirname(path), {recursive: true});
	const tmp = `${path}.tmp-${process.pid}`;
	writeFileSync(tmp, `${JSON.stringify(state, null, '\t')}\n`, {mode: 0o600});
	renameSync(tmp, path);
}

/** Removes the state file and the lab's state directory. */
export function removeState(prefix: string): void {
	rmSync(labPaths(prefix).stateDir, {recursive: true, force: true});
}

/** Prefixes of every lab with a state file on this machine. */
export function listLabs(): string[] {
	return listDir(LAB_STATE_ROOT).filter(prefix => existsSync(labPaths(prefix).statePath));
}
