/**
The service behind `lbwiz setup`: load the topology, render every host, optionally write the files
under an output directory, and describe the plan. The command only parses flags and prints; a later
`--apply` reuses `planSetup()` and walks `plan.hosts`.
*/
import {chmod, mkdir, writeFile} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {topologyHosts} from '../model/hosts.js';
import {loadTopology} from '../model/load-topology.js';
import type {TopologyDiagnostic} from '../model/diagnostics.js';
import {didYouMean} from '../model/diagnostics.js';
import type {Topology} from '../model/schema.js';
import {shJoin} from '../transport/sh-quote.js';
import {renderTopology, type ServiceManager} from './render-topology.js';
import type {HostRender} from './types.js';

/** Everything `setup` will do, host by host, before anything is written or run. */
export type SetupPlan = {
	/** The topology file as given. */
	file: string;
	topology: Topology;
	warnings: TopologyDiagnostic[];
	hosts: HostRender[];
};

/** What planSetup needs: the topology file and, optionally, which hosts. */
export type PlanOptions = {
	/** Path of lbwiz.yaml. */
	answers: string;
	/** Restrict the plan to these hosts (names from the topology). */
	hosts?: readonly string[];
	services?: ServiceManager;
	/** Pins the version in file headers (tests). */
	version?: string;
};

/** A --host that names no host of the topology. */
export class UnknownHostError extends Error {
	constructor(readonly host: string, readonly known: string[]) {
		const near = didYouMean(host, known);
		super(`no host '${host}' in the topology${near ? `; did you mean '${near}'?` : ''} (hosts: ${known.join(', ')})`);
		this.name = 'UnknownHostError';
	}
}

/** Loads and validates the topology and renders every (or the selected) host. Throws TopologyError / UnknownHostError. */
export async function planSetup(options: PlanOptions): Promise<SetupPlan> {
	const {topology, warnings} = await loadTopology(options.answers);
	const known = topologyHosts(topology).map(h => h.name);
	for (const host of options.hosts ?? []) if (!known.includes(host)) throw new UnknownHostError(host, known);
	const rendered = renderTopology(topology, {source: options.answers, version: options.version, services: options.services});
	const hosts = options.hosts?.length ? rendered.filter(h => options.hosts!.includes(h.host)) : rendered;
	return {file: options.answers, topology, warnings, hosts};
}

/** One file written under the output directory. */
export type WrittenFile = {host: string; path: string; written: string; bytes: number; mode: number};

/** Writes every planned file to `outDir/<host>/<absolute path>` with its mode. */
export async function writeRenderedFiles(plan: SetupPlan, outDir: string): Promise<WrittenFile[]> {
	const written: WrittenFile[] = [];
	for (const host of plan.hosts) {
		for (const file of host.files) {
			const target = resolve(outDir, host.host, `.${file.path}`);
			await mkdir(dirname(target), {recursive: true});
			await writeFile(target, file.content);
			await chmod(target, file.mode);
			written.push({host: host.host, path: file.path, written: target, bytes: Buffer.byteLength(file.content), mode: file.mode});
		}
	}
	return written;
}

const ROLE_NOTES: Record<string, string> = {
	backend: 'HAProxy backend: lbwiz installs nothing here; it must serve the application',
	'lvs-real-server': 'LVS real server',
	client: 'client',
};

/** The plan as text, host by host: files (mode, size, path, purpose) and commands (argv, purpose). */
export function formatPlan(plan: SetupPlan): string {
	const hosts = topologyHosts(plan.topology);
	const fileCount = plan.hosts.reduce((n, h) => n + h.files.length, 0);
	const commandCount = plan.hosts.reduce((n, h) => n + h.commands.length, 0);
	const out = [`Plan for ${plan.topology.name} (${plan.file}): ${plan.hosts.length} host${plan.hosts.length === 1 ? '' : 's'}, ${fileCount} file${fileCount === 1 ? '' : 's'}, ${commandCount} command${commandCount === 1 ? '' : 's'}`];
	for (const render of plan.hosts) {
		const host = hosts.find(h => h.name === render.host);
		out.push('', `${render.host}  ${render.roles.join(', ') || 'no role'}  via ${host?.transport ?? '?'}`);
		if (render.files.length === 0 && render.commands.length === 0) {
			out.push(`  nothing to install (${render.roles.map(r => ROLE_NOTES[r] ?? r).join('; ') || 'not used by any service'})`);
			continue;
		}
		if (render.files.length > 0) {
			out.push('  files:');
			const width = Math.max(...render.files.map(f => f.path.length));
			for (const f of render.files) {
				const size = `${Buffer.byteLength(f.content)} B`.padStart(8);
				out.push(`    ${f.mode.toString(8).padStart(4, '0')} ${size}  ${f.path.padEnd(width)}  ${f.purpose}`);
			}
		}
		if (render.commands.length > 0) {
			out.push('  commands:');
			for (const c of render.commands) out.push(`    $ ${shJoin(c.argv)}`, `        # ${c.purpose}`);
		}
	}
	return `${out.join('\n')}\n`;
}
