import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {didYouMean} from '../../src/parse/haproxy/did-you-mean.js';
import {
	BIND_OPTIONS, GLOBAL_BUILD_DEPENDENT, GLOBAL_KEYWORDS, GLOBAL_REGISTERED_KEYWORDS, NEWER_KEYWORDS, PROXY_KEYWORDS, REMOVED_KEYWORDS, SERVER_FLAGS, SERVER_OPTIONS,
} from '../../src/parse/haproxy/keywords.js';
import {parseHaproxy} from '../../src/parse/haproxy/index.js';
import {CONVERTERS, FETCHES} from '../../src/parse/haproxy/sample.js';

const messages = (text: string) => parseHaproxy(text, {file: 't.cfg'}).diagnostics.map(d => d.message);

describe("did-you-mean uses HAProxy's own fingerprint distance", () => {
	// suggestions HAProxy 2.6.12 printed (corpus validator output and haproxy -c runs on this machine)
	it.each([
		['global\n  tune.ssl.cachsize 1\n', "did you mean 'tune.ssl.cachesize' maybe ?"],
		['global\n  load x\n', "did you mean 'lua-load' maybe ?"],
		['defaults\n  option http-use-htx\n', "option 'http-use-htx' was removed"],
		['defaults\n  option htpchk\n', "unknown option 'htpchk'; did you mean 'httpchk' maybe ?"],
		['defaults\n  option independant-streams\n', "unknown option 'independant-streams'"],
		['frontend f\n  bind :8000 sssl crt x\n', "'bind :8000' in section 'frontend': unknown keyword 'sssl'; did you mean 'ssl' maybe ?"],
		['frontend f\n  bind :8001 transparnt\n', "unknown keyword 'transparnt'; did you mean 'transparent' maybe ?"],
		['backend b\n  server s 127.0.0.1:80 chek\n', "'server b/s' : unknown keyword 'chek'; did you mean 'check' maybe ?"],
	])('%j', (text, expected) => {
		expect(messages(text).join('\n')).toContain(expected);
	});

	it("orders candidates like HAProxy so ties resolve the same way ('tune.lua.bool-sample-conversion' → 'tune.lua.session-timeout')", () => {
		expect(didYouMean('tune.lua.bool-sample-conversion', [...GLOBAL_REGISTERED_KEYWORDS, ...GLOBAL_KEYWORDS])).toBe('tune.lua.session-timeout');
		expect(didYouMean('crt-store', [...GLOBAL_REGISTERED_KEYWORDS, ...GLOBAL_KEYWORDS])).toBe('crt-base');
		expect(didYouMean('traces', [...GLOBAL_REGISTERED_KEYWORDS, ...GLOBAL_KEYWORDS])).toBe('grace');
	});

	it('gives nothing when no keyword is close (haproxy: "unknown keyword \'debg\'")', () => {
		expect(messages('global\n  debg\n')).toEqual(["unknown keyword 'debg' in 'global' section"]);
		expect(didYouMean('x', ['completely-different-keyword'])).toBeUndefined();
	});
});

const haproxy = spawnSync('haproxy', ['-v'], {encoding: 'utf8'});
const have26 = haproxy.status === 0 && /version 2\.6\./.test(haproxy.stdout);

/**
Cross-checks the keyword tables against the installed HAProxy 2.6 (CI installs Debian's): keywords we
call valid must not be "unknown" to it, and keywords we call removed or newer must be refused by it.
*/
describe.skipIf(!have26)('keyword tables agree with the installed haproxy 2.6', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'lbwiz-hapkw-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	/** Runs haproxy -c on `header` + one line per keyword (in chunks, HAProxy stops after 50 fatal errors) and returns the keywords it called unknown/unsupported. */
	function refused(header: string, lines: string[]): string[] {
		const out: string[] = [];
		const headerLines = header.split('\n').length - 1;
		for (let i = 0; i < lines.length; i += 20) {
			const chunk = lines.slice(i, i + 20);
			const file = path.join(dir, 'k.cfg');
			writeFileSync(file, header + chunk.map(l => `  ${l}`).join('\n') + '\n');
			const r = spawnSync('haproxy', ['-c', '-f', file], {encoding: 'utf8', cwd: dir});
			for (const m of `${r.stdout}${r.stderr}`.matchAll(/k\.cfg:(\d+)\]\s*:?\s*(.*)/g)) {
				const index = Number(m[1]) - headerLines - 1;
				if (index < 0 || index >= chunk.length) continue;
				const [first, second] = chunk[index].split(' ');
				const about = [
					`unknown keyword '${first}'`, `unknown stats parameter '${second}'`, `'${first}' directive is not supported`, `The '${first}' not supported`,
					`'${first}' is not supported`, `'${first}' doesn't exist`, `option '${first}' is not supported`, 'nbproc is not supported',
					...(first === 'option' ? [`unknown option '${second}'`, `option '${second}' is not supported`] : []),
					...(first === 'timeout' ? [`(got '${second}')`] : []),
				];
				if (about.some(a => m[2].includes(a))) out.push(chunk[index]);
			}
		}
		return [...new Set(out)];
	}

	it('knows every global keyword of the table, and refuses the removed, newer and build-dependent ones', () => {
		const valid = [...GLOBAL_KEYWORDS].filter(k => k !== 'quiet').map(k => `${k} 1`);
		expect(refused('global\n', valid)).toEqual([]);
		const bad = [...Object.keys(REMOVED_KEYWORDS.global).filter(k => REMOVED_KEYWORDS.global[k].severity !== 'warning'), ...Object.keys(NEWER_KEYWORDS.global), ...Object.keys(GLOBAL_BUILD_DEPENDENT)];
		expect(refused('global\n', bad.map(k => `${k} 1`)).sort()).toEqual(bad.map(k => `${k} 1`).sort());
	});

	it('knows every proxy keyword of the matrix in a listen section', () => {
		const lines = Object.keys(PROXY_KEYWORDS).filter(k => !['clitimeout', 'contimeout', 'srvtimeout'].includes(k)).map(k => `${k} 1`);
		expect(refused('listen l\n  bind :65000\n', lines)).toEqual([]);
	});

	it('refuses the removed and newer proxy keywords and options', () => {
		const removed = Object.keys(REMOVED_KEYWORDS.proxy).filter(k => REMOVED_KEYWORDS.proxy[k].severity !== 'warning');
		const lines = [
			...removed.map(k => `${k} x`),
			...Object.keys(NEWER_KEYWORDS.proxy).filter(k => !k.includes(' ')).map(k => `${k} x`),
			...Object.keys(REMOVED_KEYWORDS.option).map(k => `option ${k}`),
			...Object.keys(NEWER_KEYWORDS.option).map(k => `option ${k}`),
		];
		expect(refused('listen l\n  bind :65000\n', lines).sort()).toEqual([...lines].sort());
	});

	it('knows every bind and server option, and refuses the newer ones', () => {
		const bindLines = [...BIND_OPTIONS].filter(k => !['process', 'quic-cc-algo', 'quic-force-retry'].includes(k)).map(k => `bind :65001 ${k}`);
		expect(refused('listen l\n', bindLines).filter(l => /unknown keyword/.test(l))).toEqual([]);
		const newerBind = Object.keys(NEWER_KEYWORDS.bind).map(k => `bind :65001 ${k} x`);
		const newerServer = Object.keys(NEWER_KEYWORDS.server).map(k => `server s 127.0.0.1:1 ${k} x`);
		const unknownTo26 = (lines: string[]) => {
			const out: string[] = [];
			for (const line of lines) {
				const file = path.join(dir, 'o.cfg');
				writeFileSync(file, `listen l\n  ${line}\n`);
				const r = spawnSync('haproxy', ['-c', '-f', file], {encoding: 'utf8', cwd: dir});
				if (/unknown keyword/.test(`${r.stdout}${r.stderr}`)) out.push(line);
			}
			return out;
		};
		expect(unknownTo26(newerBind)).toEqual(newerBind);
		expect(unknownTo26(newerServer)).toEqual(newerServer);
		const serverLines = [...SERVER_OPTIONS].map(k => `server s${k.replaceAll('-', '')} 127.0.0.1:1 ${k}${SERVER_FLAGS.has(k) ? '' : ' 1'}`);
		const file = path.join(dir, 's.cfg');
		writeFileSync(file, `backend b\n${serverLines.map(l => `  ${l}`).join('\n')}\n`);
		const r = spawnSync('haproxy', ['-c', '-f', file], {encoding: 'utf8', cwd: dir});
		expect(`${r.stdout}${r.stderr}`.match(/unknown keyword '[^']+'/g) ?? []).toEqual([]);
	});

	it('lists exactly the sample fetches and converters haproxy registers', () => {
		const names = (kind: string) =>
			spawnSync('haproxy', [`-dK${kind}`, '-q', '-c', '-f', '/dev/null'], {encoding: 'utf8'})
				.stdout.split('\n')
				.map(l => l.replace(/^\[[^\]]*\]\s*/, ''))
				.filter(l => l && !l.startsWith('#'))
				.map(l => /^([^:(]+)/.exec(l)![1]);
		expect(new Set(names('smp'))).toEqual(new Set(FETCHES.keys()));
		expect(new Set(names('cnv'))).toEqual(new Set(CONVERTERS.keys()));
	});
});
