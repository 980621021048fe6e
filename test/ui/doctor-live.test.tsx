import React from 'react';
import {renderToString} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import type {DoctorEvent} from '../../src/doctor/run-doctor.js';
import type {DoctorReport, Finding} from '../../src/doctor/report-model.js';
import {symbolsOf} from '../../src/ui/components/theme.js';
import {fitRow, rowText} from '../../src/ui/components/row-model.js';
import DoctorLive, {type LiveServices} from '../../src/ui/doctor/DoctorLive.js';
import ReportView from '../../src/ui/doctor/ReportView.js';
import {initialLiveState, liveReducer, selectedFinding} from '../../src/ui/doctor/doctor-live-reducer.js';
import {liveScreen} from '../../src/ui/doctor/live-screen.js';
import {keys, oneLine, render, sendKeys, stripAnsi, waitForFrame, waitUntil, type RenderResult} from '../helpers/ink.js';
import {collectEvents, finishEvents, splitBrainReport} from './doctor-fixtures.js';

const symbols = symbolsOf({color: true, unicode: true});

/** A doctor run the test moves forward by hand: emit events, then resolve with the report. */
function scriptedDoctor() {
	let emit: (event: DoctorEvent) => void = () => {};
	let finish: (report: DoctorReport) => void = () => {};
	let signal: AbortSignal | undefined;
	const start: LiveServices['start'] = (onEvent, s) => {
		emit = onEvent;
		signal = s;
		return new Promise(resolve => {
			finish = resolve;
		});
	};
	return {start, emit: (...events: DoctorEvent[]) => events.forEach(e => emit(e)), finish: (r: DoctorReport) => finish(r), aborted: () => signal?.aborted};
}

let app: RenderResult | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
});

function mount(services: LiveServices, clock: {t: number}) {
	const exits: number[] = [];
	app = render(<DoctorLive hosts={['lb1', 'lb2']} captureSeconds={4} services={services} theme={{color: false, unicode: true}} now={() => clock.t} onExit={code => exits.push(code)} />);
	return exits;
}

describe('doctor live view', () => {
	it('shows a row per host while collecting, with elapsed time and the capture countdown', async () => {
		const doctor = scriptedDoctor();
		const clock = {t: 1_000};
		mount({start: doctor.start}, clock);
		let frame = await waitForFrame(app!, 'lbwiz doctor · 2 hosts · 0.0 s · VRRP capture window 4 s');
		expect(frame).toContain('○ lb1        waiting');
		clock.t = 2_500;
		doctor.emit(...collectEvents.slice(0, 5));
		frame = await waitForFrame(app!, 'VRRP capture 3 s left');
		expect(frame).toMatch(/lb2 {8}0\.0 s · VRRP capture 3 s left · 0 done · vrrp\.adverts/);
		clock.t = 3_300;
		doctor.emit(...collectEvents.slice(5));
		frame = await waitForFrame(app!, '✔ lb1        1 facts in 0.8 s');
		expect(frame).toContain('lb2        0.8 s · VRRP capture 3 s left');
		expect(frame).toContain('q quit (nothing is changed on the hosts)');
		clock.t = 6_000;
		doctor.emit(...finishEvents);
		frame = await waitForFrame(app!, 'evaluating: 1 checks done, 1 finding(s) so far');
		expect(frame).toContain('✔ lb2        1 facts in 3.5 s');
	});

	it('then prints the result grouped by root cause once, and walks the findings with keys', async () => {
		const doctor = scriptedDoctor();
		const clock = {t: 0};
		const exports: DoctorReport[] = [];
		const fixes: Finding[] = [];
		const exits = mount(
			{
				start: doctor.start,
				exportReport: async report => {
					exports.push(report);
					return 'Report written: /tmp/r.md and /tmp/r.html';
				},
				fix: async finding => {
					fixes.push(finding);
					return {ok: true, text: `${finding.id} fixed on lb2 (1 step). Run lbwiz doctor again to confirm.`};
				},
			},
			clock,
		);
		doctor.emit(...collectEvents, ...finishEvents);
		doctor.finish(splitBrainReport);
		let frame = await waitForFrame(app!, 'Finding 1/3');
		// The report (Static output, then the navigator), once, root cause first with its symptom under it.
		const all = stripAnsi(app!.lastFrame());
		expect(all.split('Root cause (the findings under it are its symptoms)').length).toBe(2);
		expect(all).toMatch(/✖ CRITICAL F1 firewall\.vrrp-blocked on lb2\n {6}nftables drops VRRP \(IP protocol 112\) on lb2\n.*accept VRRP before the drop rule\n.*lb2\$ nft insert rule inet filter input ip protocol vrrp accept\n {4}✖ CRITICAL F2 vip\.split-brain: Both directors hold 203\.0\.113\.100/);
		expect(all.indexOf('✔ lb1        1 facts')).toBeLessThan(all.indexOf('Root cause'));
		expect(all).toContain('Other findings');
		expect(all).toContain('2 critical, 1 warning, 0 info — doctor exit status 2');
		// The navigator
		expect(frame).toContain('› ✖ CRITICAL F1 firewall.vrrp-blocked on lb2');
		expect(frame).toContain('↑/↓ finding · Enter/e evidence · f fix · r export report · q quit');
		expect(frame).not.toContain('Evidence:');
		await sendKeys(app!, 'e');
		frame = await waitForFrame(app!, 'Evidence:');
		expect(frame).toContain('lb2$ nft -j list ruleset  [lb2#7, exit 0]');
		expect(frame).toMatch(/> +ip protocol vrrp drop/);
		await sendKeys(app!, keys.down);
		frame = await waitForFrame(app!, 'Finding 2/3 (symptom)');
		expect(frame).toContain('caused by F1');
		await sendKeys(app!, 'f');
		frame = await waitForFrame(app!, 'no fix lbwiz can apply safely');
		await sendKeys(app!, keys.up, 'f');
		frame = await waitForFrame(app!, 'Apply the fix of F1 on lb2 now?');
		await sendKeys(app!, 'n');
		frame = await waitForFrame(app!, 'Fix not applied.');
		expect(fixes).toEqual([]);
		await sendKeys(app!, 'f', 'y');
		frame = await waitForFrame(app!, 'F1 fixed on lb2');
		expect(fixes.map(f => f.id)).toEqual(['F1']);
		await sendKeys(app!, keys.up);
		frame = await waitForFrame(app!, 'fix applied');
		await sendKeys(app!, 'r');
		frame = await waitForFrame(app!, 'Report written: /tmp/r.md and /tmp/r.html');
		expect(exports).toHaveLength(1);
		await sendKeys(app!, 'q');
		await waitUntil(() => exits.length > 0, 'exit');
		expect(exits).toEqual([2]);
	});

	it('q while collecting stops it (exit 130) and aborts the doctor', async () => {
		const doctor = scriptedDoctor();
		const exits = mount({start: doctor.start}, {t: 0});
		doctor.emit(...collectEvents.slice(0, 3));
		await waitForFrame(app!, 'net.addresses');
		await sendKeys(app!, 'q');
		await waitUntil(() => exits.length > 0, 'exit');
		expect(exits).toEqual([130]);
		expect(doctor.aborted()).toBe(true);
	});
});

describe('doctor live reducer and screens', () => {
	it('folds the events into host rows', () => {
		let s = initialLiveState(['lb1', 'lb2'], 0);
		for (const [i, event] of [...collectEvents, ...finishEvents].entries()) s = liveReducer(s, {type: 'event', event, now: i * 100});
		expect(s.phase).toBe('evaluating');
		expect(s.finished).toEqual(['lb1', 'lb2']);
		expect(s.hosts.find(h => h.name === 'lb2')).toMatchObject({status: 'done', done: 1, unavailable: 0, running: []});
		s = liveReducer(s, {type: 'event', event: {type: 'host:unreachable', host: 'web1', reason: 'ssh: connect to host web1 port 22: No route to host'}, now: 2000});
		expect(s.finished).toEqual(['lb1', 'lb2', 'web1']);
		s = liveReducer(s, {type: 'report', report: splitBrainReport, now: 3000});
		expect(selectedFinding(s)?.id).toBe('F1');
		s = liveReducer(s, {type: 'key', input: '', key: {downArrow: true}});
		s = liveReducer(s, {type: 'key', input: '', key: {downArrow: true}});
		s = liveReducer(s, {type: 'key', input: '', key: {downArrow: true}});
		expect(selectedFinding(s)?.id).toBe('F3');
		s = liveReducer(s, {type: 'key', input: 'r', key: {}});
		expect(s.exportRequest).toBe(1);
	});

	it('every live screen fits 80×24', () => {
		let s = initialLiveState(Array.from({length: 30}, (_, i) => `web${i}`), 0);
		for (let i = 0; i < 30; i++) s = liveReducer(s, {type: 'event', event: {type: 'collector:start', host: `web${i}`, fact: 'http.probes'}, now: 0});
		const check = (state: typeof s) => {
			const rows = liveScreen(state, {width: 80, height: 24, now: 5000, tick: 3, symbols});
			expect(rows.length).toBeLessThanOrEqual(23);
			for (const r of rows) expect([...rowText(fitRow(r, 80))].length).toBeLessThanOrEqual(80);
		};
		check(s);
		s = liveReducer(s, {type: 'report', report: splitBrainReport, now: 6000});
		check(s);
		check(liveReducer(s, {type: 'key', input: 'e', key: {}}));
	});

	it('ReportView renders with renderToString (no terminal)', () => {
		const text = renderToString(<ReportView report={splitBrainReport} width={80} theme={{color: false, unicode: true}} />, {columns: 80});
		expect(text.split('\n')[0]).toBe('lbwiz doctor · lab · VIP 203.0.113.100');
		expect(text).toContain('  ✖ lb2        director, haproxy · VRRP MASTER · holds 203.0.113.100');
		expect(oneLine(text)).toContain('✖ CRITICAL F1 firewall.vrrp-blocked on lb2 nftables drops VRRP (IP protocol 112) on lb2 on lb2 (safe: lbwiz can apply it): accept VRRP before the drop rule');
		expect(text).toContain('    ✖ CRITICAL F2 vip.split-brain: Both directors hold 203.0.113.100');
		expect(text).toContain('! WARNING  F3 haproxy.stats-default-credentials on lb1');
		expect(text).toContain('edit /etc/haproxy/haproxy.cfg:12: stats auth admin:<a new password>');
		for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
		const clean = renderToString(<ReportView report={{...splitBrainReport, findings: [], summary: {critical: 0, warning: 0, info: 0, rootCauses: [], exitCode: 0}}} theme={{color: false, unicode: true}} />);
		expect(clean).toContain('✔ No problems found.');
	});
});
