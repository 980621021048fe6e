/**
The keepalived view of a host's collected keepalived.conf (main file and includes), built from the
real parser's semantic model (src/parse/keepalived): VRRP instances, scripts and virtual servers with
keepalived's defaults applied, file:line on every keyword the checks cite, secrets as SecretRefs.
*/
import type {ConfigFiles, SecretRef} from '../collect/types.js';
import {secretRef} from '../collect/redact.js';
import {parseKeepalivedFiles, type KaStatement, type Sources, type SourcePos, type VrrpInstance} from '../parse/keepalived/index.js';
import type {KaInstance, KaScript, KaVirtualServer, KaVip, KeepalivedView, Pos} from './config-view.js';

const pos = (source: SourcePos): Pos => ({file: source.file, line: source.line});
const maybePos = (source: SourcePos | undefined): Pos | undefined => (source && source.line > 0 ? pos(source) : undefined);

/** Sources (keyword → position) as the view's positions. */
function keywords(sources: Sources): Record<string, Pos> {
	return Object.fromEntries(Object.entries(sources).map(([keyword, source]) => [keyword, pos(source)]));
}

/** A secret without its clear value (checks compare fingerprints only). */
function secret(text: string): SecretRef {
	const {value: _value, ...ref} = secretRef(text);
	return ref;
}

/** Last line of each top-level block, by header position (the model keeps headers only). */
function blockEnds(statements: KaStatement[]): Map<string, number> {
	const ends = new Map<string, number>();
	for (const statement of statements) if (statement.block?.close && statement.block.close.file === statement.pos.file) ends.set(`${statement.pos.file}:${statement.pos.line}`, statement.block.close.line);
	return ends;
}

function instanceOf(host: string, instance: VrrpInstance, strict: boolean, globalVersion: number | undefined, ends: Map<string, number>): KaInstance {
	const auth = instance.authentication;
	const vips = instance.virtualIpAddresses
		.filter(v => v.valid && v.address !== '')
		.map((v): KaVip => ({address: v.address, ...(v.prefix !== undefined ? {prefix: v.prefix} : {}), ...(v.dev ? {dev: v.dev} : {}), text: v.raw, pos: pos(v.pos)}));
	const notify = Object.entries(instance.notify)
		.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
		.map(([kind, script]) => {
			const keyword = kind === 'all' ? 'notify' : `notify_${kind}`;
			return {keyword, script, pos: pos(instance.sources[keyword] ?? instance.pos)};
		});
	const end = ends.get(`${instance.pos.file}:${instance.pos.line}`);
	const version = instance.version ?? globalVersion ?? 2;
	return {
		host,
		name: instance.name,
		pos: pos(instance.pos),
		...(end !== undefined ? {endLine: end} : {}),
		...(instance.state !== undefined ? {state: instance.state} : {}),
		...(instance.interface !== undefined ? {interface: instance.interface} : {}),
		...(instance.virtualRouterId !== undefined ? {vrid: instance.virtualRouterId} : {}),
		priority: instance.priority ?? 100,
		advertInt: instance.advertInt ?? 1,
		version: version === 3 ? 3 : 2,
		strict: strict || instance.strictMode === true,
		...(auth
			? {
					auth: {
						type: (auth.type ?? (auth.pass !== undefined ? 'PASS' : 'none')).toUpperCase(),
						...(auth.sources.auth_type ? {typePos: pos(auth.sources.auth_type)} : {}),
						...(auth.pass !== undefined ? {secret: secret(auth.pass), passPos: pos(auth.sources.auth_pass ?? auth.pos)} : {}),
					},
				}
			: {}),
		vips,
		...(instance.unicastSrcIp !== undefined ? {unicastSrcIp: instance.unicastSrcIp} : {}),
		unicastPeers: instance.unicastPeers.filter(p => p.valid).map(p => ({address: p.address, pos: pos(p.pos)})),
		unicast: instance.unicastPeers.length > 0 || instance.unicastSrcIp !== undefined || 'unicast_peer' in instance.sources,
		nopreempt: instance.nopreempt,
		noAccept: instance.noAccept && !instance.accept,
		trackScripts: instance.trackScripts.map(t => ({name: t.name, ...(t.weight !== undefined ? {weight: t.weight} : {}), pos: pos(t.pos)})),
		trackInterfaces: instance.trackInterfaces.map(t => t.name),
		notify,
		keywords: keywords(instance.sources),
	};
}

/** Builds the view of one host's keepalived configuration. */
export function buildKeepalivedViewFromParser(host: string, config: ConfigFiles): KeepalivedView {
	const {ast, config: model} = parseKeepalivedFiles(config.files, {mainPath: config.mainPath});
	const globals = model.globalDefs;
	const ends = blockEnds(ast.statements);
	const scripts = model.vrrpScripts.map(
		(s): KaScript => ({
			name: s.name,
			...(s.script !== undefined ? {script: s.script} : {}),
			...(s.interval !== undefined ? {interval: s.interval} : {}),
			...(s.weight !== undefined ? {weight: s.weight} : {}),
			...(s.fall !== undefined ? {fall: s.fall} : {}),
			...(s.rise !== undefined ? {rise: s.rise} : {}),
			...(s.user ? {user: s.user.user} : {}),
			pos: pos(s.pos),
			keywords: keywords(s.sources),
		}),
	);
	const virtualServers = model.virtualServers.map(
		(vs): KaVirtualServer => ({
			...(vs.kind === 'address' && vs.address ? {address: vs.address} : {}),
			...(vs.kind === 'address' && vs.port !== undefined ? {port: vs.port} : {}),
			...(vs.fwmark !== undefined ? {fwmark: vs.fwmark} : {}),
			...(vs.group !== undefined ? {group: vs.group} : {}),
			lbKind: (vs.lbKind ?? 'NAT').toUpperCase(),
			...((vs.sources.lb_kind ?? vs.sources.lvs_method) ? {lbKindPos: pos((vs.sources.lb_kind ?? vs.sources.lvs_method)!)} : {}),
			...(vs.lbAlgo ? {lbAlgo: vs.lbAlgo} : {}),
			protocol: (vs.protocol ?? 'TCP').toUpperCase(),
			reals: vs.realServers.map(real => ({
				address: real.address,
				...(real.port !== undefined ? {port: real.port} : {}),
				...(real.weight !== undefined ? {weight: real.weight} : {}),
				checkers: real.checkers.map(c => ({type: c.type, ...((c.connectPort ?? real.connectPort) !== undefined ? {connectPort: c.connectPort ?? real.connectPort} : {}), pos: pos(c.pos)})),
				pos: pos(real.pos),
			})),
			pos: pos(vs.pos),
		}),
	);
	const globalNotify = globals.other.filter(s => /^notify/.test(s.keyword) && s.args.length > 0).map(s => ({keyword: s.keyword, script: s.args.join(' '), pos: pos(s.pos)}));
	return {
		host,
		mainFile: config.mainPath,
		files: model.files,
		...(globals.routerId !== undefined ? {routerId: globals.routerId, ...(maybePos(globals.sources.router_id) ? {routerIdPos: maybePos(globals.sources.router_id)} : {})} : {}),
		strict: globals.vrrpStrict,
		...(maybePos(globals.sources.vrrp_strict) ? {strictPos: maybePos(globals.sources.vrrp_strict)} : {}),
		scriptSecurity: globals.enableScriptSecurity,
		...(globals.scriptUser ? {scriptUser: globals.scriptUser.user} : {}),
		...(maybePos(globals.pos) ? {globalDefsPos: maybePos(globals.pos)} : {}),
		instances: model.vrrpInstances.map(instance => instanceOf(host, instance, globals.vrrpStrict, globals.vrrpVersion, ends)),
		scripts,
		virtualServers,
		notify: globalNotify,
	};
}
