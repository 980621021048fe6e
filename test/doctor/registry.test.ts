import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checks} from '../../checks/index.js';
import {templateKeys} from '../../src/doctor/template.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const files = readdirSync(join(root, 'checks'), {withFileTypes: true})
	.filter(d => d.isDirectory())
	.flatMap(d => readdirSync(join(root, 'checks', d.name)).filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts')).map(f => `${d.name}/${f.slice(0, -3)}`));

describe('checks/index.ts registry', () => {
	it('has unique ids of the form area.kebab-name', () => {
		const ids = checks.map(c => c.meta.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$/);
	});

	it('registers every check file, and each id equals its path', async () => {
		expect(files.length).toBe(checks.length);
		for (const file of files) {
			const module = (await import(pathToFileURL(join(root, 'checks', `${file}.ts`)).href)) as {default: {meta: {id: string}}};
			expect(module.default.meta.id, file).toBe(file.replace('/', '.'));
			expect(checks).toContain(module.default);
		}
	});

	it('includes every id the doctor issue requires', () => {
		const required = [
			'vip.not-held', 'vip.split-brain', 'vip.unexpected-holder', 'vip.realserver-lo-missing', 'arp.realserver-sysctl', 'firewall.vrrp-blocked', 'vrrp.no-adverts', 'vrrp.auth-mismatch', 'vrrp.vrid-mismatch',
			'vrrp.router-id-duplicate', 'vrrp.advert-int-mismatch', 'vrrp.vip-list-mismatch', 'vrrp.interface-mismatch', 'vrrp.priority-order', 'vrrp.track-weight-ineffective', 'vrrp.auth-pass-truncated', 'vrrp.failover-time',
			'config.syntax', 'config.deprecated', 'script.security', 'service.keepalived-down', 'service.haproxy-down', 'realserver.unreachable', 'haproxy.backend-down', 'haproxy.nonlocal-bind', 'haproxy.stats-default-credentials',
			'lvs.ipvs-unavailable', 'lvs.realserver-missing', 'lvs.nat-forwarding', 'vip.subnet', 'vrrp.strict-no-accept', 'vrrp.nopreempt-ineffective', 'vrrp.unicast-peers', 'lvs.port-mismatch',
		];
		const ids = new Set(checks.map(c => c.meta.id));
		expect(required.filter(id => !ids.has(id))).toEqual([]);
	});

	it.each(checks.map(c => [c.meta.id, c] as const))('%s has a doc page with front matter and the five headings', (id, check) => {
		const path = join(root, 'docs', 'checks', `${id}.md`);
		expect(existsSync(path), path).toBe(true);
		const text = readFileSync(path, 'utf8');
		expect(text).toMatch(new RegExp(`^---\\nid: ${id.replace('.', '\\.')}\\n[\\s\\S]*?\\n---\\n`));
		expect(text).toContain(`severity: ${check.meta.severity}`);
		const headings = [...text.matchAll(/^## (.+)$/gm)].map(m => m[1]);
		expect(headings).toEqual(['Symptom', 'Cause', 'Confirm by hand', 'Fix', 'Exceptions']);
	});

	it.each(checks.map(c => [c.meta.id, c] as const))('%s has a test beside it that runs it through the check tester', (id, check) => {
		const test = join(root, 'checks', `${id.replace('.', '/')}.test.ts`);
		expect(existsSync(test), test).toBe(true);
		const text = readFileSync(test, 'utf8');
		expect(text).toMatch(/checkTester\.run\(check,/);
		expect(text).toMatch(/valid: \[/);
		expect(text).toMatch(/invalid: \[/);
		expect(check.meta.explanation.length).toBeGreaterThan(80);
		expect(Object.keys(check.meta.messages).length).toBeGreaterThan(0);
		for (const template of Object.values(check.meta.messages)) expect(templateKeys(template).length).toBeGreaterThan(0);
	});

	it('links causes to existing checks without cycles', () => {
		const ids = new Set(checks.map(c => c.meta.id));
		const edges = new Map(checks.map(c => [c.meta.id, c.meta.explains ?? []]));
		for (const [id, targets] of edges) for (const target of targets) expect(ids.has(target), `${id} explains unknown ${target}`).toBe(true);
		const visiting = new Set<string>();
		const done = new Set<string>();
		const visit = (id: string, path: string[]) => {
			if (done.has(id)) return;
			expect(visiting.has(id), `cycle: ${[...path, id].join(' → ')}`).toBe(false);
			visiting.add(id);
			for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
			visiting.delete(id);
			done.add(id);
		};
		for (const id of ids) visit(id, []);
	});
});
