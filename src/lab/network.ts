/**
The lab's wiring: one switch namespace holding a bridge, and per host a namespace whose `eth0` is
one end of a veth pair; the other end is created directly inside the switch namespace, so nothing
of the lab ever appears in (or links to) the root namespace.
*/
import type {LabHost, LabState} from './state.js';
import {writeState} from './state.js';
import {listNamespaces, must, run} from './system.js';

const BRIDGE = 'br0';

/** The veth end in the switch namespace for host number `index` (interface names are ≤ 15 characters). */
export function switchPortName(host: string, index: number): string {
	const name = `v-${host}`;
	return name.length <= 15 ? name : `v-h${index}`;
}

/** Records a namespace in the state, then creates it. */
async function addNamespace(state: LabState, ns: string): Promise<void> {
	if ((await listNamespaces()).includes(ns)) throw new Error(`network namespace ${ns} already exists and this lab did not create it; choose another --prefix or remove it (\`ip netns del ${ns}\`) if it is a leftover`);
	state.namespaces.push(ns);
	writeState(state);
	await must(['ip', 'netns', 'add', ns]);
}

/** Creates the switch namespace with its bridge. */
export async function createSwitch(state: LabState): Promise<void> {
	const sw = state.switchNs;
	await addNamespace(state, sw);
	await must(['ip', '-n', sw, 'link', 'set', 'lo', 'up']);
	await must(['ip', '-n', sw, 'link', 'add', BRIDGE, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
	await must(['ip', '-n', sw, 'link', 'set', BRIDGE, 'up']);
}

/** Creates one host: namespace, `lo` up, veth into the bridge, its address on the interface. */
export async function createHost(state: LabState, host: LabHost, ifname: string): Promise<void> {
	await addNamespace(state, host.ns);
	await must(['ip', '-n', host.ns, 'link', 'set', 'lo', 'up']);
	await must(['ip', '-n', state.switchNs, 'link', 'add', host.switchPort, 'type', 'veth', 'peer', 'name', ifname, 'netns', host.ns]);
	await must(['ip', '-n', state.switchNs, 'link', 'set', host.switchPort, 'master', BRIDGE]);
	await must(['ip', '-n', state.switchNs, 'link', 'set', host.switchPort, 'up']);
	await must(['ip', '-n', host.ns, 'addr', 'add', `${host.address}/${host.prefixLength}`, 'dev', ifname]);
	await must(['ip', '-n', host.ns, 'link', 'set', ifname, 'up']);
}

/** Deletes the namespaces that exist among `names`; returns those that could not be deleted. */
export async function deleteNamespaces(names: string[]): Promise<string[]> {
	const existing = new Set(await listNamespaces());
	const failed: string[] = [];
	for (const ns of names) {
		if (!existing.has(ns)) continue;
		const result = await run(['ip', 'netns', 'del', ns]);
		if (result.exitCode !== 0) failed.push(ns);
	}
	return failed;
}
