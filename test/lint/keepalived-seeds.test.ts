/**
The keepalived.conf files printed in the five guides (../shared/seeds), copied byte for byte into
fixtures/configs/keepalived/seed-*.conf (typos, non-breaking spaces and truncations included; the
BACKUP files of seeds 003/004 are the MASTER file with the changes the guide lists), linted with
the findings an operator must see.
*/
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {Diagnostic} from '../../src/lint/diagnostic.js';
import {lintKeepalived} from '../../src/lint/keepalived.js';

const path = (name: string) => fileURLToPath(new URL(`../../fixtures/configs/keepalived/${name}`, import.meta.url));
const lint = (...names: string[]) => lintKeepalived(names.map(name => ({path: name, text: readFileSync(path(name), 'utf8')})));
const brief = (ds: Diagnostic[]) => ds.map(d => `${d.file}:${d.line} ${d.code.replace('keepalived/', '')}${d.suggestion ? ` → ${d.suggestion}` : ''}`);
const errorsOf = (ds: Diagnostic[]) => ds.filter(d => d.severity === 'error');

describe('seed 000 (RHEL 7 LVS-DR pair, VIP 192.168.10.30)', () => {
	const found = lint('seed-000-master.conf', 'seed-000-backup.conf');

	it('finds the glued virtual_server and notification_email_from, with the split as suggestion', () => {
		for (const file of ['seed-000-master.conf', 'seed-000-backup.conf']) {
			expect(brief(found.filter(d => d.file === file && d.code === 'keepalived/glued-keyword'))).toEqual([
				`${file}:9 glued-keyword → notification_email_from Alexandre.Cassen@firewall.loc`,
				`${file}:30 glued-keyword → virtual_server 192.168.10.30`,
			]);
		}
	});

	it('finds nb_get_retry inside TCP_CHECK (unknown there, retry instead) and the non-breaking spaces', () => {
		expect(brief(found.filter(d => d.file === 'seed-000-master.conf' && d.code !== 'keepalived/glued-keyword'))).toEqual([
			'seed-000-master.conf:1 unicode-space',
			'seed-000-master.conf:41 unknown-keyword → retry',
			'seed-000-master.conf:50 unknown-keyword → retry',
		]);
		expect(found.find(d => d.code === 'keepalived/unicode-space')!.message).toMatch(/non-breaking space \(U\+00A0\) on 51 lines/);
	});

	it('agrees that MASTER (priority 100) is above BACKUP (90): no cluster finding', () => {
		expect(found.filter(d => /master-priority|weight|peer-/.test(d.code))).toEqual([]);
	});
});

describe('seed 001 (web pair with vrrp_strict, truncated in the guide)', () => {
	it('finds the zero GARP intervals, vrrp_strict + authentication, the unclosed blocks and no VIP', () => {
		const found = lint('seed-001-web1.conf');
		expect(brief(errorsOf(found))).toEqual([
			'seed-001-web1.conf:15 out-of-range',
			'seed-001-web1.conf:16 out-of-range',
			'seed-001-web1.conf:18 no-vip',
			'seed-001-web1.conf:18 missing-brace',
			'seed-001-web1.conf:24 strict-auth',
			'seed-001-web1.conf:24 missing-brace',
		]);
		expect(brief(found.filter(d => d.severity !== 'error'))).toEqual(['seed-001-web1.conf:12 vrrp-iptables', 'seed-001-web1.conf:14 strict-no-accept', 'seed-001-web1.conf:19 strict-master-priority']);
	});

	it("reports the guide's '...' placeholders and the snippet's missing keywords", () => {
		expect(brief(errorsOf(lint('seed-001-track-script.conf')))).toEqual([
			'seed-001-track-script.conf:7 missing-interface',
			'seed-001-track-script.conf:7 missing-vrid',
			'seed-001-track-script.conf:9 unknown-keyword',
			'seed-001-track-script.conf:14 unknown-keyword',
		]);
	});
});

describe('seed 002 (config flattened onto one line)', () => {
	it('sees the lost line breaks: MASTERinterface, the braces hidden in a comment', () => {
		const found = lint('seed-002-director.conf');
		const state = found.find(d => d.code === 'keepalived/invalid-state')!;
		expect(state).toMatchObject({line: 1, column: 27, suggestion: 'MASTER interface'});
		expect(found.filter(d => d.code === 'keepalived/missing-brace').map(d => d.message).join('\n')).toMatch(/inside a comment/);
		expect(found.map(d => d.code)).toContain('keepalived/misplaced-keyword');
	});
});

describe('seed 003 (LVS-DR, three services with persistence)', () => {
	it('flags every nb_get_retry in TCP_CHECK on both nodes and nothing about the pair', () => {
		const found = lint('seed-003-master.conf', 'seed-003-backup.conf');
		expect(found.every(d => d.code === 'keepalived/unknown-keyword' && d.suggestion === 'retry')).toBe(true);
		expect(found.map(d => `${d.file}:${d.line}`)).toEqual(
			['seed-003-backup.conf', 'seed-003-master.conf'].flatMap(f => [35, 44, 64, 73, 93, 102].map(l => `${f}:${l}`)),
		);
	});
});

describe('seed 004 (HAProxy pair with vrrp_script; LVS directors)', () => {
	it('the HAProxy pair: weight -5 moves the VIP (100 - 5 = 95 < 99); only script security is missing', () => {
		expect(brief(lint('seed-004-haproxy1.conf', 'seed-004-haproxy2.conf'))).toEqual(['seed-004-haproxy1.conf:7 script-security', 'seed-004-haproxy2.conf:7 script-security']);
	});

	it('the LVS directors are clean', () => {
		expect(lint('seed-004-lvs1.conf', 'seed-004-lvs2.conf')).toEqual([]);
	});

	it('a BACKUP given the same priority as the MASTER is reported when both are linted together', () => {
		const master = readFileSync(path('seed-004-lvs1.conf'), 'utf8');
		const backup = readFileSync(path('seed-004-lvs2.conf'), 'utf8').replace('priority 145', 'priority 150');
		const found = lintKeepalived([
			{path: 'lvs1.conf', text: master},
			{path: 'lvs2.conf', text: backup},
		]);
		expect(found).toMatchObject([{file: 'lvs1.conf', line: 10, code: 'keepalived/master-priority', severity: 'error'}]);
	});
});
