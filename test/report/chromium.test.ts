import {copyFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {HTML_CSP} from '../../src/report/format-html.js';
import {formatReport} from '../../src/report/index.js';
import {CHROMIUM_FLAGS, ChromiumPipe, documentRequestsInNetLog, findChromium, pngSize, runChromium} from './chromium-helper.js';
import {listScenarios, loadBundle, reportOf} from './bundles.js';
import {sampleReport} from './sample-report.js';

const chromium = findChromium();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
/** The recorded scenario with the most findings, through the doctor and the HTML formatter; else the sample report. */
function reportUnderTest(): {name: string; html: string} {
	const reports = listScenarios().map(scenario => ({name: scenario, report: reportOf(loadBundle(scenario), scenario)}));
	reports.sort((a, b) => b.report.findings.length - a.report.findings.length);
	const [richest] = reports;
	return richest ? {name: richest.name, html: formatReport(richest.report, 'html')} : {name: 'sample report', html: formatReport(sampleReport(), 'html')};
}

describe('chromium availability', () => {
	it.runIf(!chromium)('chromium is installed (required under CI)', () => {
		if (inCi) throw new Error("chromium not found on PATH: the HTML report tests need Debian's chromium (apt-get install -y chromium)");
		console.warn("SKIPPED: the headless-Chromium report tests need Debian's `chromium` (apt-get install -y chromium); set CI=true to make this a failure");
	});
});

describe.skipIf(!chromium)('HTML report in headless Chromium', () => {
	let dir: string;
	let page: string;
	let subject: {name: string; html: string};

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lbwiz-chromium-'));
		subject = reportUnderTest();
		page = join(dir, 'report.html');
		writeFileSync(page, subject.html);
	});
	afterAll(() => {
		rmSync(dir, {recursive: true, force: true});
	});

	it('screenshots the report at 1280×900 and loads nothing from the network', async () => {
		const shot = join(dir, 'shot.png');
		const netlog = join(dir, 'netlog.json');
		const args = [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile-shot')}`, `--screenshot=${shot}`, '--window-size=1280,900', `--log-net-log=${netlog}`, pathToFileURL(page).href];
		const run = await runChromium(chromium!, args, 90_000);
		expect(run.code, run.output).toBe(0);
		expect(pngSize(shot)).toEqual({width: 1280, height: 900});
		if (process.env.LBWIZ_REPORT_SCREENSHOT) copyFileSync(shot, process.env.LBWIZ_REPORT_SCREENSHOT);
		expect(documentRequestsInNetLog(netlog)).toEqual([]);
	});

	it('the netlog check does see a page that loads from the network (control)', async () => {
		const leaky = join(dir, 'leaky.html');
		writeFileSync(leaky, '<!DOCTYPE html><title>leak</title><img src="http://127.0.0.1:9/pixel.png" alt="">');
		const netlog = join(dir, 'netlog-leaky.json');
		const args = [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile-leaky')}`, `--screenshot=${join(dir, 'leaky.png')}`, '--window-size=400,300', `--log-net-log=${netlog}`, pathToFileURL(leaky).href];
		const run = await runChromium(chromium!, args, 90_000);
		expect(run.code, run.output).toBe(0);
		expect(documentRequestsInNetLog(netlog).join('\n')).toContain('http://127.0.0.1:9/pixel.png');
	});

	it('shows the summary in the first screen, runs no script, keeps its CSP, and prints evidence expanded', async () => {
		const browser = new ChromiumPipe(chromium!, [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile-cdp')}`, '--window-size=1280,900', 'about:blank']);
		try {
			const requests: string[] = [];
			const blocked: string[] = [];
			browser.onEvent(message => {
				if (message.method === 'Network.requestWillBeSent') requests.push(message.params.request.url);
				if (message.method === 'Log.entryAdded' && /Content Security Policy/i.test(message.params.entry.text)) blocked.push(message.params.entry.text);
			});
			const {targetInfos} = await browser.send('Target.getTargets');
			const target = targetInfos.find((info: {type: string}) => info.type === 'page');
			const {sessionId} = await browser.send('Target.attachToTarget', {targetId: target.targetId, flatten: true});
			await browser.send('Network.enable', {}, sessionId);
			await browser.send('Page.enable', {}, sessionId);
			await browser.send('Log.enable', {}, sessionId);
			await browser.send('Emulation.setDeviceMetricsOverride', {width: 1280, height: 900, deviceScaleFactor: 1, mobile: false}, sessionId);
			const loaded = browser.waitFor('Page.loadEventFired', 30_000);
			await browser.send('Page.navigate', {url: pathToFileURL(page).href}, sessionId);
			await loaded;
			const evaluate = async (expression: string) => (await browser.send('Runtime.evaluate', {expression, returnByValue: true}, sessionId)).result.value;
			const screen = await evaluate(`(() => {
				const box = selector => document.querySelector(selector)?.getBoundingClientRect().toJSON();
				const hidden = [...document.querySelectorAll('details:not([open]) pre')].filter(pre => !pre.checkVisibility()).length;
				return {
					summaryHeading: box('#summary h2'),
					firstCause: box('#summary li'),
					counts: box('#summary .counts'),
					innerHeight, innerWidth,
					scrollWidth: document.documentElement.scrollWidth,
					scripts: document.scripts.length,
					csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
					hiddenPre: hidden,
					totalPre: document.querySelectorAll('details pre').length,
					svg: box('#topology svg'),
					h1: document.querySelector('h1').textContent,
				};
			})()`);
			expect(screen.csp).toBe(HTML_CSP);
			expect(screen.scripts).toBe(0);
			expect(screen.h1).toMatch(/^lbwiz incident report — /);
			expect(screen.summaryHeading.bottom).toBeLessThan(screen.innerHeight);
			expect(screen.counts.bottom).toBeLessThan(screen.innerHeight);
			if (screen.firstCause) expect(screen.firstCause.bottom, `${subject.name}: first summary line below the fold`).toBeLessThan(screen.innerHeight);
			expect(screen.scrollWidth, 'no horizontal scrolling at 1280 px').toBeLessThanOrEqual(screen.innerWidth);
			expect(screen.svg.width).toBeGreaterThan(300);
			expect(screen.hiddenPre, 'evidence is folded on screen').toBe(screen.totalPre);

			await browser.send('Emulation.setEmulatedMedia', {media: 'print'}, sessionId);
			const print = await evaluate(`(() => ({
				hiddenPre: [...document.querySelectorAll('details pre')].filter(pre => !pre.checkVisibility()).length,
				tocShown: getComputedStyle(document.querySelector('nav.toc')).display !== 'none',
				bodyBackground: getComputedStyle(document.body).backgroundColor,
			}))()`);
			expect(print).toEqual({hiddenPre: 0, tocShown: false, bodyBackground: 'rgb(255, 255, 255)'});

			expect(requests.filter(url => url !== pathToFileURL(page).href)).toEqual([]);
			expect(blocked).toEqual([]);
		} finally {
			await browser.close();
		}
	});
});
