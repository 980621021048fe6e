import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseShowServersState, parseShowStat} from '../../src/parse/haproxy/stats-csv.js';
import {parseHaproxy} from '../../src/parse/haproxy/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outputs = path.join(repoRoot, 'fixtures/outputs/haproxy');
const STAT_FIXTURE = path.join(outputs, 'show-stat-one-up-one-down.csv');
const STATE_FIXTURE = path.join(outputs, 'show-servers-state-one-up-one-down.txt');
const CONFIG_FIXTURE = path.join(outputs, 'show-stat-one-up-one-down.haproxy.cfg');

describe('parseShowStat on a recorded show stat (one server UP, one DOWN)', () => {
	const text = readFileSync(STAT_FIXTURE, 'utf8');
	const rows = parseShowStat(text);

	it('reads every row by column name', () => {
		expect(text.startsWith('# pxname,svname,')).toBe(true);
		expect(rows.map(r => `${r.pxname}/${r.svname}`)).toEqual(expect.arrayContaining(['fe_web/FRONTEND', 'be_web/web-up', 'be_web/web-down', 'be_web/BACKEND']));
	});

	it('types the health columns', () => {
		const up = rows.find(r => r.svname === 'web-up')!;
		const down = rows.find(r => r.svname === 'web-down')!;
		expect(up).toMatchObject({kind: 'server', status: 'UP', checkStatus: 'L7OK', checkCode: 200});
		expect(down).toMatchObject({kind: 'server', status: 'DOWN', checkStatus: 'L4CON'});
		expect(down.chkdown).toBeGreaterThanOrEqual(1);
		expect(up.addr).toMatch(/^127\.0\.0\.1:\d+$/);
		expect(rows.find(r => r.svname === 'FRONTEND')!.kind).toBe('frontend');
		expect(rows.find(r => r.pxname === 'be_web' && r.svname === 'BACKEND')).toMatchObject({kind: 'backend', status: 'UP', act: 1});
		expect(up.columns.pxname).toBe('be_web');
	});

	it('parses columns by name whatever their order', () => {
		const lines = text.trim().split('\n');
		const header = lines[0].slice(2).split(',');
		const order = header.map((_, i) => i).reverse();
		const shuffled = [`# ${order.map(i => header[i]).join(',')}`, ...lines.slice(1).map(l => {
			const v = l.split(',');
			return order.map(i => v[i] ?? '').join(',');
		})].join('\n');
		const again = parseShowStat(shuffled);
		expect(again.map(r => [r.svname, r.status, r.checkStatus])).toEqual(rows.map(r => [r.svname, r.status, r.checkStatus]));
	});

	it('handles quoted fields, running checks and junk without throwing', () => {
		const rows2 = parseShowStat('# pxname,svname,status,check_status,check_desc,type,\nbe,s1,UP,* L7OK,"a, b ""c""",2,\n\n> \n');
		expect(rows2).toHaveLength(1);
		expect(rows2[0]).toMatchObject({checkStatus: 'L7OK', checkRunning: true, checkDesc: 'a, b "c"'});
		expect(parseShowStat('')).toEqual([]);
		expect(parseShowStat('garbage\n1,2,3')).toEqual([]);
	});
});

describe('parseShowServersState on a recorded output', () => {
	const rows = parseShowServersState(readFileSync(STATE_FIXTURE, 'utf8'));
	it('reads the servers with their operational state', () => {
		const up = rows.find(r => r.server === 'web-up')!;
		const down = rows.find(r => r.server === 'web-down')!;
		expect(up).toMatchObject({backend: 'be_web', operationalState: 2, address: '127.0.0.1'});
		expect(down).toMatchObject({backend: 'be_web', operationalState: 0});
		expect(up.port).toBeGreaterThan(0);
	});
	it('never throws on junk', () => {
		expect(parseShowServersState('1\n')).toEqual([]);
		expect(parseShowServersState('# a b\nx\n')).toEqual([]);
	});
});

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const live = have('haproxy') && have('busybox');

/** Sends one runtime-API command to a unix socket and returns the whole answer. */
function ask(socket: string, command: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const client = net.createConnection(socket);
		let data = '';
		const timer = setTimeout(() => {
			client.destroy();
			reject(new Error(`timeout asking ${command}`));
		}, 5000);
		client.on('connect', () => client.write(`${command}\n`));
		client.on('data', chunk => {
			data += chunk.toString();
		});
		client.on('end', () => {
			clearTimeout(timer);
			resolve(data);
		});
		client.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
Starts a real HAProxy 2.6 on loopback high ports with a stats socket in a temp dir, a busybox httpd as
the UP server and a closed port as the DOWN one, and reads `show stat` / `show servers state`.
With LBWIZ_RECORD=1 the answers are written to fixtures/outputs/haproxy (that is how the fixtures
above were recorded).
*/
describe.skipIf(!live)('live HAProxy: show stat from a running process', () => {
	const children: ChildProcess[] = [];
	let dir = '';
	let stat = '';
	let state = '';
	let config = '';

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'lbwiz-hap-'));
		const [fePort, upPort, downPort, statsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
		const www = path.join(dir, 'www');
		spawnSync('mkdir', ['-p', www]);
		writeFileSync(path.join(www, 'index.html'), 'web-up\n');
		const httpd = spawn('busybox', ['httpd', '-f', '-p', `127.0.0.1:${upPort}`, '-h', www], {stdio: 'ignore'});
		children.push(httpd);
		const socket = path.join(dir, 'admin.sock');
		config = [
			'global',
			`\tstats socket ${socket} mode 600 level admin`,
			'\tstats timeout 30s',
			'',
			'defaults',
			'\tmode http',
			'\ttimeout client 5s',
			'\ttimeout connect 1s',
			'\ttimeout server 5s',
			'',
			'frontend fe_web',
			`\tbind 127.0.0.1:${fePort}`,
			'\tdefault_backend be_web',
			'',
			'backend be_web',
			'\tbalance roundrobin',
			'\toption httpchk GET /',
			`\tserver web-up 127.0.0.1:${upPort} check inter 300 rise 1 fall 1`,
			`\tserver web-down 127.0.0.1:${downPort} check inter 300 rise 1 fall 1`,
			'',
			'listen stats',
			`\tbind 127.0.0.1:${statsPort}`,
			'\tstats enable',
			'\tstats uri /',
			'',
		].join('\n');
		const cfg = path.join(dir, 'haproxy.cfg');
		writeFileSync(cfg, config);
		const haproxy = spawn('haproxy', ['-db', '-f', cfg], {stdio: 'ignore'});
		children.push(haproxy);
		const deadline = Date.now() + 15_000;
		while (Date.now() < deadline) {
			await sleep(200);
			if (!existsSync(socket)) continue;
			try {
				const rows = parseShowStat(await ask(socket, 'show stat'));
				const up = rows.find(r => r.svname === 'web-up');
				const down = rows.find(r => r.svname === 'web-down');
				if (up?.status === 'UP' && up.checkStatus === 'L7OK' && down?.status === 'DOWN') break;
			} catch {
				// not ready yet
			}
		}
		await fetch(`http://127.0.0.1:${fePort}/`).then(r => r.text()).catch(() => '');
		stat = await ask(socket, 'show stat');
		state = await ask(socket, 'show servers state');
		if (process.env.LBWIZ_RECORD === '1') {
			const anonymous = (s: string) => s.replaceAll(dir, '/tmp/lbwiz-hap');
			writeFileSync(STAT_FIXTURE, stat);
			writeFileSync(STATE_FIXTURE, state);
			writeFileSync(CONFIG_FIXTURE, anonymous(config));
		}
	}, 60_000);

	afterAll(() => {
		for (const child of children) {
			if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('parses the live answer like the recorded one', () => {
		const rows = parseShowStat(stat);
		expect(rows.find(r => r.svname === 'web-up')).toMatchObject({status: 'UP', checkStatus: 'L7OK'});
		expect(rows.find(r => r.svname === 'web-down')).toMatchObject({status: 'DOWN', checkStatus: 'L4CON'});
		expect(rows.find(r => r.pxname === 'fe_web' && r.svname === 'FRONTEND')!.columns.stot).not.toBe('0');
		const servers = parseShowServersState(state);
		expect(servers.map(s => [s.server, s.operationalState])).toEqual([['web-up', 2], ['web-down', 0]]);
	});

	it('lints the config it ran without errors', () => {
		const {diagnostics} = parseHaproxy(config, {file: 'live.cfg'});
		expect(diagnostics.filter(d => d.severity === 'error')).toEqual([]);
	});
});
