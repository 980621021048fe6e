/**
Builds the doctor's config views from the real parsers' output (parseKeepalived, parseHaproxy): the
only module that knows the parsers' trees. Secrets arrive as redaction tokens (or clear text from a
--no-redact bundle) and leave as SecretRefs.
*/
import type {ConfigFiles} from '../collect/types.js';
import {fingerprintSecret, secretRef} from '../collect/redact.js';
import {parseHaproxy} from '../parse/haproxy/index.js';
import {DEFAULT_STATS_CREDENTIALS} from '../parse/haproxy/keywords.js';
import type {HaBind, HaServer, HaproxyView, KeepalivedView} from './config-view.js';
import {buildKeepalivedViewFromParser} from './keepalived-adapter.js';

const WELL_KNOWN = DEFAULT_STATS_CREDENTIALS.map(([user, password]) => ({user, fingerprint: fingerprintSecret(password).fingerprint}));

/** True when a stats login is one of the well-known defaults (compared by fingerprint, so it works redacted). */
export function isWellKnownLogin(user: string, fingerprint: string): boolean {
	return WELL_KNOWN.some(entry => entry.fingerprint === fingerprint && (user === '' || entry.user === user));
}

/** The keepalived view of a host's collected config files. */
export function buildKeepalivedView(host: string, config: ConfigFiles): KeepalivedView {
	return buildKeepalivedViewFromParser(host, config);
}

/** The HAProxy view of a host's collected config files (each file parsed as HAProxy would with several -f). */
export function buildHaproxyView(host: string, config: ConfigFiles): HaproxyView {
	const view: HaproxyView = {host, mainFile: config.mainPath, files: config.files.map(f => f.path), binds: [], servers: [], statsAuth: [], statsSockets: [], statsPages: []};
	for (const file of config.files) {
		const {config: parsed} = parseHaproxy(file.content, {file: file.path});
		const lineText = (line: number) => file.content.split('\n')[line - 1]?.trim() ?? '';
		for (const socket of parsed.global.statsSockets) view.statsSockets.push({path: socket.address, pos: {file: socket.position.file, line: socket.position.line}});
		for (const proxy of parsed.proxies) {
			for (const bind of proxy.binds) {
				const specific = bind.address.host !== '' && bind.address.host !== '*' && bind.address.host !== '0.0.0.0' && bind.address.host !== '::';
				const entry: HaBind = {
					section: proxy.kind,
					proxy: proxy.name,
					...(specific ? {address: bind.address.host} : {}),
					...(bind.address.port !== undefined ? {port: bind.address.port} : {}),
					options: [...Object.keys(bind.options), ...(bind.transparent ? ['transparent'] : [])],
					text: lineText(bind.position.line),
					pos: {file: bind.position.file, line: bind.position.line},
				};
				view.binds.push(entry);
			}
			for (const server of proxy.servers) {
				if (server.template) continue;
				const entry: HaServer = {
					proxy: proxy.name,
					name: server.name,
					...(server.address.host && server.address.family !== 'unix' ? {address: server.address.host} : {}),
					...(server.port !== undefined ? {port: server.port} : server.address.port !== undefined ? {port: server.address.port} : {}),
					check: server.check,
					backup: server.backup,
					disabled: server.disabled,
					text: lineText(server.position.line),
					pos: {file: server.position.file, line: server.position.line},
				};
				view.servers.push(entry);
			}
			if (proxy.stats.enabled || proxy.stats.uri || proxy.stats.auth.length > 0) {
				view.statsPages.push({proxy: proxy.name, pos: {file: (proxy.stats.position ?? proxy.position).file, line: (proxy.stats.position ?? proxy.position).line}});
				for (const auth of proxy.stats.auth) {
					if (auth.inherited) continue;
					const secret = auth.password ? secretRef(auth.password) : undefined;
					view.statsAuth.push({
						proxy: proxy.name,
						user: auth.user,
						...(secret ? {secret: {fingerprint: secret.fingerprint, length: secret.length, fingerprint8: secret.fingerprint8}} : {}),
						wellKnown: secret ? isWellKnownLogin(auth.user, secret.fingerprint) : false,
						text: lineText(auth.position.line),
						pos: {file: auth.position.file, line: auth.position.line},
					});
				}
			}
		}
		for (const defaults of parsed.defaults) {
			for (const auth of defaults.stats.auth) {
				const secret = auth.password ? secretRef(auth.password) : undefined;
				view.statsAuth.push({proxy: `defaults${defaults.name ? ` ${defaults.name}` : ''}`, user: auth.user, ...(secret ? {secret: {fingerprint: secret.fingerprint, length: secret.length, fingerprint8: secret.fingerprint8}} : {}), wellKnown: secret ? isWellKnownLogin(auth.user, secret.fingerprint) : false, text: lineText(auth.position.line), pos: {file: auth.position.file, line: auth.position.line}});
			}
		}
	}
	return view;
}
