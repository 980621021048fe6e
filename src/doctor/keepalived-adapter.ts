/**
The keepalived view from a host's collected keepalived.conf (main file and includes): VRRP instances,
scripts, virtual servers, with file:line on every keyword the checks cite, keepalived's defaults applied
and secrets as SecretRefs. The block tree comes from `keepalivedBlocks` below, which reads words and
braces the way keepalived's lib/parser.c does (comments `!`/`#`, quoted strings, `include` globs).
*/
import type {ConfigFiles} from '../collect/types.js';
import {secretRef} from '../collect/redact.js';
import type {KaInstance, KaRealServer, KaScript, KaVirtualServer, KaVip, KeepalivedView, Pos} from './config-view.js';

/** A statement or block of keepalived.conf with its position. */
export type KaNode = {keyword: string; args: string[]; file: string; line: number; endLine?: number; children?: KaNode[]};

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);

/** Words of one line: quoted strings kept whole, comments dropped, braces as their own words. */
function words(line: string): string[] {
	const out: string[] = [];
	for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"?|([^\s"{}]+)|([{}])/g)) {
		if (m[2] !== undefined && (m[2].startsWith('#') || m[2].startsWith('!'))) break;
		out.push(m[1] ?? m[2] ?? m[3]);
	}
	return out;
}

/** The block tree of the main file, includes expanded from the collected files. Never throws. */
export function keepalivedBlocks(config: ConfigFiles): KaNode[] {
	const byPath = new Map(config.files.map(f => [f.path, f.content]));
	const root: KaNode = {keyword: '', args: [], file: config.mainPath, line: 0, children: []};
	const stack: KaNode[] = [root];
	const seen = new Set<string>();
	const read = (path: string, depth: number) => {
		const text = byPath.get(path);
		if (text === undefined || depth > 8 || seen.has(path)) return;
		seen.add(path);
		text.split('\n').forEach((raw, index) => {
			const line = index + 1;
			let rest = words(raw);
			if (rest[0] === 'include' && rest[1] && stack.length >= 1) {
				const base = path.slice(0, path.lastIndexOf('/') + 1);
				const pattern = rest[1].startsWith('/') ? rest[1] : `${base}${rest[1]}`;
				const re = glob(pattern);
				for (const candidate of [...byPath.keys()].sort()) if (re.test(candidate)) read(candidate, depth + 1);
				return;
			}
			while (rest.length > 0) {
				const open = rest.indexOf('{');
				const close = rest.indexOf('}');
				const parent = stack.at(-1)!;
				if (open >= 0 && (close < 0 || open < close)) {
					const head = rest.slice(0, open);
					const block: KaNode = {keyword: head[0] ?? '', args: head.slice(1), file: path, line, children: []};
					parent.children!.push(block);
					stack.push(block);
					rest = rest.slice(open + 1);
				} else if (close >= 0) {
					const head = rest.slice(0, close);
					if (head.length > 0) parent.children!.push({keyword: head[0], args: head.slice(1), file: path, line});
					if (stack.length > 1) stack.pop()!.endLine = line;
					rest = rest.slice(close + 1);
				} else {
					parent.children!.push({keyword: rest[0], args: rest.slice(1), file: path, line});
					rest = [];
				}
			}
		});
	};
	read(config.mainPath, 0);
	return root.children!;
}

const pos = (node: KaNode): Pos => ({file: node.file, line: node.line});
const num = (text: string | undefined): number | undefined => (text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined);
const childrenOf = (node: KaNode, keyword: string) => (node.children ?? []).filter(c => c.keyword === keyword);
const first = (node: KaNode, keyword: string) => (node.children ?? []).find(c => c.keyword === keyword);

/** Entries of a list block (`virtual_ipaddress { … }`, `unicast_peer { … }`, `track_script { … }`). */
const entries = (node: KaNode | undefined): KaNode[] => (node?.children ?? []).filter(c => c.keyword !== '');

function vipOf(node: KaNode): KaVip | undefined {
	const [address, prefix] = node.keyword.split('/');
	if (!/^\d+\.\d+\.\d+\.\d+$/.test(address) && !address.includes(':')) return undefined;
	const dev = node.args[node.args.indexOf('dev') + 1];
	return {address, ...(prefix !== undefined ? {prefix: Number(prefix)} : {}), ...(node.args.includes('dev') && dev ? {dev} : {}), text: [node.keyword, ...node.args].join(' '), pos: pos(node)};
}

function keywordPositions(node: KaNode): Record<string, Pos> {
	const out: Record<string, Pos> = {};
	for (const child of node.children ?? []) if (!(child.keyword in out)) out[child.keyword] = pos(child);
	return out;
}

/** Builds the view of one host's keepalived configuration. */
export function buildKeepalivedViewFromParser(host: string, config: ConfigFiles): KeepalivedView {
	const blocks = keepalivedBlocks(config);
	const globals = blocks.filter(b => b.keyword === 'global_defs');
	const globalChild = (keyword: string) => globals.map(g => first(g, keyword)).find(Boolean);
	const strict = globalChild('vrrp_strict');
	const routerId = globalChild('router_id');
	const globalVersion = num(globalChild('vrrp_version')?.args[0]);
	const view: KeepalivedView = {
		host,
		mainFile: config.mainPath,
		files: config.files.map(f => f.path),
		...(routerId?.args[0] ? {routerId: routerId.args[0], routerIdPos: pos(routerId)} : {}),
		strict: Boolean(strict),
		...(strict ? {strictPos: pos(strict)} : {}),
		scriptSecurity: Boolean(globalChild('enable_script_security')),
		...(globalChild('script_user')?.args[0] ? {scriptUser: globalChild('script_user')!.args[0]} : {}),
		...(globals[0] ? {globalDefsPos: pos(globals[0])} : {}),
		instances: [],
		scripts: [],
		virtualServers: [],
		notify: globals.flatMap(g => (g.children ?? []).filter(c => /^notify/.test(c.keyword) && c.args[0]).map(c => ({keyword: c.keyword, script: c.args.join(' '), pos: pos(c)}))),
	};
	for (const block of blocks) {
		if (block.keyword === 'vrrp_script' && block.children) {
			const weight = first(block, 'weight');
			const script: KaScript = {
				name: block.args[0] ?? '',
				...(first(block, 'script')?.args.length ? {script: first(block, 'script')!.args.join(' ')} : {}),
				...(num(first(block, 'interval')?.args[0]) !== undefined ? {interval: num(first(block, 'interval')?.args[0])} : {}),
				...(num(weight?.args[0]) !== undefined ? {weight: num(weight?.args[0])} : {}),
				...(num(first(block, 'fall')?.args[0]) !== undefined ? {fall: num(first(block, 'fall')?.args[0])} : {}),
				...(num(first(block, 'rise')?.args[0]) !== undefined ? {rise: num(first(block, 'rise')?.args[0])} : {}),
				...(first(block, 'user')?.args[0] ? {user: first(block, 'user')!.args[0]} : {}),
				pos: pos(block),
				keywords: keywordPositions(block),
			};
			view.scripts.push(script);
		}
		if (block.keyword === 'vrrp_instance' && block.children) view.instances.push(instanceOf(host, block, view.strict, globalVersion));
		if (block.keyword === 'virtual_server' && block.children) view.virtualServers.push(virtualServerOf(block));
	}
	return view;
}

function instanceOf(host: string, block: KaNode, strict: boolean, globalVersion: number | undefined): KaInstance {
	const value = (keyword: string) => first(block, keyword)?.args[0];
	const auth = first(block, 'authentication');
	const authType = auth && first(auth, 'auth_type');
	const authPass = auth && first(auth, 'auth_pass');
	const unicastPeer = first(block, 'unicast_peer');
	const version = num(value('version')) ?? globalVersion ?? 2;
	const trackScript = childrenOf(block, 'track_script').flatMap(entries);
	return {
		host,
		name: block.args[0] ?? '',
		pos: pos(block),
		...(block.endLine !== undefined ? {endLine: block.endLine} : {}),
		...(value('state') ? {state: value('state')} : {}),
		...(value('interface') ? {interface: value('interface')} : {}),
		...(num(value('virtual_router_id')) !== undefined ? {vrid: num(value('virtual_router_id'))} : {}),
		priority: num(value('priority')) ?? 100,
		advertInt: num(value('advert_int')) ?? 1,
		version: version === 3 ? 3 : 2,
		strict,
		...(auth
			? {
					auth: {
						type: (authType?.args[0] ?? (authPass ? 'PASS' : 'none')).toUpperCase(),
						...(authType ? {typePos: pos(authType)} : {}),
						...(authPass?.args[0] !== undefined ? {secret: (({value: _v, ...rest}) => rest)(secretRef(authPass.args[0])), passPos: pos(authPass)} : {}),
					},
				}
			: {}),
		vips: childrenOf(block, 'virtual_ipaddress').flatMap(entries).map(vipOf).filter((v): v is KaVip => v !== undefined),
		...(value('unicast_src_ip') ? {unicastSrcIp: value('unicast_src_ip')} : {}),
		unicastPeers: entries(unicastPeer).map(e => ({address: e.keyword, pos: pos(e)})),
		unicast: Boolean(unicastPeer || first(block, 'unicast_src_ip')),
		nopreempt: Boolean(first(block, 'nopreempt')),
		noAccept: Boolean(first(block, 'no_accept')),
		trackScripts: trackScript.map(e => ({name: e.keyword, ...(e.args[0] === 'weight' && num(e.args[1]) !== undefined ? {weight: num(e.args[1])} : {}), pos: pos(e)})),
		trackInterfaces: childrenOf(block, 'track_interface').flatMap(entries).map(e => e.keyword),
		notify: (block.children ?? []).filter(c => /^notify/.test(c.keyword) && c.args[0]).map(c => ({keyword: c.keyword, script: c.args.join(' '), pos: pos(c)})),
		keywords: keywordPositions(block),
	};
}

function virtualServerOf(block: KaNode): KaVirtualServer {
	const kind = first(block, 'lb_kind') ?? first(block, 'lvs_method');
	const [address, port] = block.args;
	const fwmark = address === 'fwmark' ? num(port) : undefined;
	const group = address === 'group' ? port : undefined;
	return {
		...(fwmark === undefined && group === undefined && address ? {address} : {}),
		...(fwmark === undefined && group === undefined && num(port) !== undefined ? {port: num(port)} : {}),
		...(fwmark !== undefined ? {fwmark} : {}),
		...(group !== undefined ? {group} : {}),
		lbKind: (kind?.args[0] ?? 'NAT').toUpperCase(),
		...(kind ? {lbKindPos: pos(kind)} : {}),
		...((first(block, 'lb_algo') ?? first(block, 'lvs_sched'))?.args[0] ? {lbAlgo: (first(block, 'lb_algo') ?? first(block, 'lvs_sched'))!.args[0]} : {}),
		protocol: (first(block, 'protocol')?.args[0] ?? 'TCP').toUpperCase(),
		reals: childrenOf(block, 'real_server').map(
			(real): KaRealServer => ({
				address: real.args[0] ?? '',
				...(num(real.args[1]) !== undefined ? {port: num(real.args[1])} : {}),
				...(num(first(real, 'weight')?.args[0]) !== undefined ? {weight: num(first(real, 'weight')?.args[0])} : {}),
				checkers: (real.children ?? []).filter(c => /_CHECK$|^HTTP_GET$|^SSL_GET$/.test(c.keyword)).map(c => ({type: c.keyword, ...(num(first(c, 'connect_port')?.args[0]) !== undefined ? {connectPort: num(first(c, 'connect_port')?.args[0])} : {}), pos: pos(c)})),
				pos: pos(real),
			}),
		),
		pos: pos(block),
	};
}
