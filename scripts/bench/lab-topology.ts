/**
A lab topology with more real servers: fixtures/topologies/lab.yaml (two directors, a client) with
`webServers` busybox web servers web1…webN instead of two, all in HAProxy's backend. `lbwiz lab up
--topology FILE` builds it like the default lab (one namespace per host), so a doctor over
2 + N + 1 hosts can be timed against the 5-host lab.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseDocument} from 'yaml';

/** Real servers take 203.0.113.21 upwards; the client keeps .50, so at most 29 of them. */
export const MAX_WEB_SERVERS = 29;

/** The YAML text of a lab topology with `webServers` real servers (root = the repository). */
export function labTopologyWithWebServers(root: string, webServers: number): string {
	if (!Number.isInteger(webServers) || webServers < 1 || webServers > MAX_WEB_SERVERS) throw new Error(`webServers: expected 1 to ${MAX_WEB_SERVERS}, got ${webServers}`);
	const doc = parseDocument(readFileSync(join(root, 'fixtures/topologies/lab.yaml'), 'utf8'));
	const names = Array.from({length: webServers}, (_, i) => `web${i + 1}`);
	const servers = doc.createNode(names.map((name, i) => ({name, address: `203.0.113.${21 + i}`, port: 80, transport: `netns:lbwiz-${name}`})));
	servers.flow = false;
	doc.set('real_servers', servers);
	doc.setIn(['haproxy', 'backends', 0, 'servers'], doc.createNode(names.map(server => ({server, port: 80}))));
	doc.set('name', `lab-${2 + webServers + 1}-hosts`);
	return doc.toString();
}
