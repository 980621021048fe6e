/**
The topology diagram: client → VIP → directors → real servers, each node with a health. One graph is
built from the report, then laid out as inline SVG (HTML) or as box-drawing text (Markdown). The layout
is computed here (columns, rows, edges); no JavaScript and no external assets.
*/
import type {DoctorReport, HostSummary} from '../doctor/report-model.js';
import {haproxyRowHealth, haproxyRows, worse, type Health} from './report-view.js';

export type TopologyNode = {
	id: string;
	column: 'client' | 'vip' | 'director' | 'realserver';
	label: string;
	detail: string;
	health: Health;
};
export type TopologyEdge = {from: string; to: string; standby: boolean};
export type TopologyGraph = {nodes: TopologyNode[]; edges: TopologyEdge[]; unplaced: HostSummary[]};

export const COLUMNS: Array<{key: TopologyNode['column']; title: string}> = [
	{key: 'client', title: 'clients'},
	{key: 'vip', title: 'virtual IPs'},
	{key: 'director', title: 'directors'},
	{key: 'realserver', title: 'real servers'},
];

const isDirector = (host: HostSummary) => host.roles.includes('director') || host.roles.includes('haproxy');
const bareAddress = (vip: string) => vip.replace(/\/\d+$/, '');

/** A node's second line: state or reachability, then what it holds; roles are implied by the column. */
function hostDetail(host: HostSummary, extra: string[] = []): string {
	const parts = [!host.reachable ? 'unreachable' : (host.vrrpState ?? '')];
	if (host.roles.includes('haproxy') && !host.roles.includes('director')) parts.unshift('HAProxy');
	return [...parts, ...extra].filter(Boolean).join(' · ');
}

/** What HAProxy says of one server: `HAProxy UP`, or `HAProxy DOWN on lb1, UP on lb2`. */
function haproxyStatusText(rows: Array<{host: string; status: string}>): string {
	const byStatus = new Map<string, string[]>();
	for (const row of rows) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row.host]);
	if (byStatus.size === 1) return `HAProxy ${[...byStatus.keys()][0]}`;
	return `HAProxy ${[...byStatus].map(([status, hosts]) => `${status} on ${hosts.join(', ')}`).join(', ')}`;
}

/** Builds the diagram's graph from the report's hosts, VIPs, findings, HAProxy rows and IPVS tables. */
export function buildTopology(report: DoctorReport): TopologyGraph {
	const nodes: TopologyNode[] = [];
	const edges: TopologyEdge[] = [];
	const hosts = report.hosts ?? [];
	const directors = hosts.filter(isDirector);
	const realservers = hosts.filter(host => !isDirector(host) && host.roles.includes('realserver'));
	const clients = hosts.filter(host => !isDirector(host) && !host.roles.includes('realserver') && host.roles.includes('client'));
	const unplaced = hosts.filter(host => !isDirector(host) && !realservers.includes(host) && !clients.includes(host));

	for (const host of clients) nodes.push({id: `host:${host.name}`, column: 'client', label: host.name, detail: hostDetail(host), health: host.health});
	if (clients.length === 0) nodes.push({id: 'client', column: 'client', label: 'client', detail: 'not observed', health: 'unknown'});

	// The doctor omits `vips` when a host holds none; a reachable director's addresses were collected.
	const knowHolders = directors.some(host => host.reachable || host.vips !== undefined);
	const vips = [...new Set([...(report.cluster?.vips ?? []), ...directors.flatMap(host => host.vips ?? [])].map(bareAddress))];
	for (const vip of vips) {
		const holders = directors.filter(host => (host.vips ?? []).some(held => bareAddress(held) === vip));
		let health: Health = !knowHolders ? 'unknown' : holders.length === 1 ? 'ok' : 'critical';
		for (const finding of report.findings) {
			if (finding.check.startsWith('vip.') && `${finding.title} ${finding.message}`.includes(vip)) health = worse(health, finding.severity);
		}
		const detail = !knowHolders ? 'holder unknown' : holders.length === 0 ? 'held by no director' : `held by ${holders.map(host => host.name).join(', ')}`;
		nodes.push({id: `vip:${vip}`, column: 'vip', label: vip, detail, health});
		for (const client of nodes.filter(node => node.column === 'client')) edges.push({from: client.id, to: `vip:${vip}`, standby: false});
		for (const director of directors) edges.push({from: `vip:${vip}`, to: `host:${director.name}`, standby: !holders.includes(director)});
	}
	for (const host of directors) {
		const held = (host.vips ?? []).map(bareAddress);
		const holds = held.length === 0 ? [] : vips.length === 1 ? ['holds VIP'] : [`holds ${held.join(', ')}`];
		nodes.push({id: `host:${host.name}`, column: 'director', label: host.name, detail: hostDetail(host, holds), health: host.health});
		if (vips.length === 0) for (const client of nodes.filter(node => node.column === 'client')) edges.push({from: client.id, to: `host:${host.name}`, standby: false});
	}

	const rowsByServer = new Map<string, Array<{host: string; health: Health; status: string; addr?: string}>>();
	for (const {host, rows} of report.haproxy ?? []) {
		for (const row of haproxyRows(rows)) {
			if (row.svname === 'BACKEND' || !row.svname) continue;
			rowsByServer.set(row.svname, [...(rowsByServer.get(row.svname) ?? []), {host, health: haproxyRowHealth(row), status: row.status ?? '?', addr: row.addr}]);
		}
	}
	if (realservers.length > 0) {
		for (const host of realservers) {
			const rows = rowsByServer.get(host.name) ?? [];
			nodes.push({id: `host:${host.name}`, column: 'realserver', label: host.name, detail: hostDetail(host, rows.length > 0 ? [haproxyStatusText(rows)] : []), health: host.health});
			for (const director of directors) edges.push({from: `host:${director.name}`, to: `host:${host.name}`, standby: false});
		}
	} else {
		for (const [name, rows] of rowsByServer) {
			const health = rows.reduce<Health>((sum, row) => worse(sum, row.health), 'unknown');
			nodes.push({id: `backend:${name}`, column: 'realserver', label: name, detail: `HAProxy server${rows[0].addr ? ` · ${rows[0].addr}` : ''}`, health});
			for (const host of new Set(rows.map(row => row.host))) if (directors.some(d => d.name === host)) edges.push({from: `host:${host}`, to: `backend:${name}`, standby: false});
		}
		const reals = new Map<string, string[]>();
		for (const {host, services} of report.ipvs ?? []) {
			for (const service of services) for (const real of service.reals) reals.set(`${real.address}:${real.port}`, [...(reals.get(`${real.address}:${real.port}`) ?? []), host]);
		}
		for (const [address, onHosts] of reals) {
			nodes.push({id: `real:${address}`, column: 'realserver', label: address, detail: 'IPVS real server', health: 'unknown'});
			for (const host of new Set(onHosts)) if (directors.some(d => d.name === host)) edges.push({from: `host:${host}`, to: `real:${address}`, standby: false});
		}
	}
	return {nodes, edges, unplaced};
}

const HEALTH_WORD: Record<Health, string> = {ok: 'OK', info: 'INFO', warning: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN'};

/** Health as an upper-case word (never colour alone). */
export const healthWord = (health: Health): string => HEALTH_WORD[health] ?? 'UNKNOWN';

function junction(left: boolean, right: boolean, up: boolean, down: boolean): string {
	const key = `${left ? 'L' : ''}${right ? 'R' : ''}${up ? 'U' : ''}${down ? 'D' : ''}`;
	const chars: Record<string, string> = {L: '─', R: '─', LR: '─', LRD: '┬', LRU: '┴', LRUD: '┼', LUD: '┤', RUD: '├', LD: '┐', LU: '┘', RD: '┌', RU: '└', UD: '│', U: '│', D: '│', '': ' '};
	return chars[key];
}

/**
The diagram as text for a fenced block: one column per layer, joined by a bus (`──┬──▶`) that fans each
layer out to the next. Width follows the labels; no colour, health spelt out in brackets.
*/
export function topologyText(graph: TopologyGraph): string {
	const columns = COLUMNS.map(column => ({
		title: column.title,
		cells: graph.nodes.filter(node => node.column === column.key).map(node => `${node.label} [${healthWord(node.health)}]${node.detail ? ` ${node.detail}` : ''}`),
	})).filter(column => column.cells.length > 0);
	if (columns.length === 0) return '(no hosts)';
	const widths = columns.map(column => Math.max(column.title.length, ...column.cells.map(cell => [...cell].length)));
	const rows = Math.max(...columns.map(column => column.cells.length));
	const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));
	const lines: string[] = [columns.map((column, index) => pad(column.title, widths[index])).join('       ').trimEnd()];
	for (let row = 0; row < rows; row++) {
		let line = '';
		columns.forEach((column, index) => {
			line += pad(column.cells[row] ?? '', widths[index]);
			const next = columns[index + 1];
			if (!next) return;
			const left = row < column.cells.length;
			const right = row < next.cells.length;
			const span = Math.max(column.cells.length, next.cells.length);
			line += `${left ? ' ──' : '   '}${junction(left, right, row > 0 && row < span, row < span - 1)}${right ? '─▶ ' : '   '}`;
		});
		lines.push(line.trimEnd());
	}
	return lines.join('\n');
}

/** Colours per health: fill tint, stroke, and text; chosen to stay distinct when printed in grey. */
export const HEALTH_COLOURS: Record<Health, {fill: string; stroke: string; text: string}> = {
	ok: {fill: '#dcfae6', stroke: '#067647', text: '#054f31'},
	info: {fill: '#d1e9ff', stroke: '#175cd3', text: '#194185'},
	warning: {fill: '#fef0c7', stroke: '#b54708', text: '#7a2e0e'},
	critical: {fill: '#fee4e2', stroke: '#b42318', text: '#7a271a'},
	unknown: {fill: '#f2f4f7', stroke: '#667085', text: '#344054'},
};

const escapeXml = (text: string) => text.replace(/[&<>"']/g, char => `&#${char.codePointAt(0)};`);

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

const NODE_W = 220;
const NODE_H = 54;
const COL_GAP = 64;
const ROW_GAP = 16;
const MARGIN = 16;
const HEADER = 26;
const LEGEND = 34;

/**
The diagram as an inline `<svg>`: columns left to right, nodes centred in their column, cubic edges with
arrowheads (dashed for a director on standby for a VIP), a legend, and a `<title>`/`<desc>` that spell the
graph out for screen readers. All text is escaped.
*/
export function topologySvg(graph: TopologyGraph, options: {idPrefix?: string} = {}): string {
	const prefix = options.idPrefix ?? 'topo';
	const columns = COLUMNS.map(column => ({...column, nodes: graph.nodes.filter(node => node.column === column.key)})).filter(column => column.nodes.length > 0);
	const rows = Math.max(1, ...columns.map(column => column.nodes.length));
	const bodyHeight = rows * NODE_H + (rows - 1) * ROW_GAP;
	const width = Math.max(MARGIN * 2 + columns.length * NODE_W + Math.max(0, columns.length - 1) * COL_GAP, 6 * 130 + 40 + MARGIN * 2);
	const height = MARGIN + HEADER + bodyHeight + LEGEND + MARGIN;
	const place = new Map<string, {x: number; y: number}>();
	columns.forEach((column, index) => {
		const x = MARGIN + index * (NODE_W + COL_GAP);
		const columnHeight = column.nodes.length * NODE_H + (column.nodes.length - 1) * ROW_GAP;
		const top = MARGIN + HEADER + (bodyHeight - columnHeight) / 2;
		column.nodes.forEach((node, row) => place.set(node.id, {x, y: top + row * (NODE_H + ROW_GAP)}));
	});
	const describe = graph.nodes.map(node => `${node.label} (${node.column}, ${healthWord(node.health)}${node.detail ? `, ${node.detail}` : ''})`).join('; ');
	const out: string[] = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc">`);
	out.push(`<title id="${prefix}-title">Topology: client → VIP → directors → real servers</title>`);
	out.push(`<desc id="${prefix}-desc">${escapeXml(describe)}</desc>`);
	out.push(`<defs><marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475467"/></marker></defs>`);
	columns.forEach((column, index) => {
		out.push(`<text class="col" x="${MARGIN + index * (NODE_W + COL_GAP) + NODE_W / 2}" y="${MARGIN + 12}" text-anchor="middle" font-size="13" font-weight="600" fill="#475467">${escapeXml(column.title)}</text>`);
	});
	for (const edge of graph.edges) {
		const from = place.get(edge.from);
		const to = place.get(edge.to);
		if (!from || !to) continue;
		const x1 = from.x + NODE_W;
		const y1 = from.y + NODE_H / 2;
		const x2 = to.x - 2;
		const y2 = to.y + NODE_H / 2;
		const mid = (x1 + x2) / 2;
		out.push(`<path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" fill="none" stroke="#475467" stroke-width="1.5"${edge.standby ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#${prefix}-arrow)"/>`);
	}
	for (const node of graph.nodes) {
		const at = place.get(node.id);
		if (!at) continue;
		const colour = HEALTH_COLOURS[node.health] ?? HEALTH_COLOURS.unknown;
		out.push(`<g class="node health-${node.health}"><title>${escapeXml(`${node.label}: ${healthWord(node.health)}${node.detail ? ` — ${node.detail}` : ''}`)}</title>`);
		out.push(`<rect x="${at.x}" y="${at.y}" width="${NODE_W}" height="${NODE_H}" rx="8" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="${node.health === 'critical' ? 3 : 2}"/>`);
		out.push(`<text x="${at.x + 10}" y="${at.y + 21}" font-size="14" font-weight="700" fill="${colour.text}">${escapeXml(clip(node.label, 17))}</text>`);
		out.push(`<text x="${at.x + NODE_W - 10}" y="${at.y + 21}" font-size="11" font-weight="700" text-anchor="end" fill="${colour.stroke}">${healthWord(node.health)}</text>`);
		out.push(`<text x="${at.x + 10}" y="${at.y + 41}" font-size="12" fill="#344054">${escapeXml(clip(node.detail, 32))}</text>`);
		out.push('</g>');
	}
	const legendY = MARGIN + HEADER + bodyHeight + 22;
	(['ok', 'info', 'warning', 'critical', 'unknown'] as Health[]).forEach((health, index) => {
		const x = MARGIN + index * 130;
		const colour = HEALTH_COLOURS[health];
		out.push(`<rect x="${x}" y="${legendY - 11}" width="14" height="14" rx="3" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="2"/>`);
		out.push(`<text x="${x + 20}" y="${legendY}" font-size="12" fill="#344054">${healthWord(health).toLowerCase()}</text>`);
	});
	const dashX = MARGIN + 5 * 130;
	if (graph.edges.some(edge => edge.standby)) {
		out.push(`<path d="M${dashX},${legendY - 4} h34" stroke="#475467" stroke-width="1.5" stroke-dasharray="5 4"/>`);
		out.push(`<text x="${dashX + 40}" y="${legendY}" font-size="12" fill="#344054">standby for the VIP</text>`);
	}
	out.push('</svg>');
	return out.join('\n');
}
