/**
keepalived's signal dumps: SIGUSR1 → `keepalived.data` (each instance's state, priorities, master
router, VIPs; the PASS password in clear up to 2.3.4 — read through redaction as a SecretRef) and
SIGUSR2 → `keepalived.stats` (counters per instance; FIELD-NOTES §2.0 and §2.10).
*/
import type {KeepalivedInstanceData, KeepalivedStats} from '../collect/types.js';
import {secretRef} from '../collect/redact.js';

const int = (v: string | undefined) => {
	const m = /^-?\d+/.exec((v ?? '').trim());
	return m ? Number(m[0]) : undefined;
};

/** Parses the `VRRP Topology` part of keepalived.data. */
export function parseKeepalivedData(text: string): {instances: KeepalivedInstanceData[]} {
	const instances: KeepalivedInstanceData[] = [];
	let current: (KeepalivedInstanceData & {version?: number; lastTransition?: string; sourceIp?: string; unicastPeers?: string[]}) | undefined;
	let list: 'vips' | 'peers' | undefined;
	let section = '';
	for (const raw of text.split('\n')) {
		const header = /^-+< (.+) >-+$/.exec(raw.trim());
		if (header) {
			section = header[1];
			current = undefined;
			list = undefined;
			continue;
		}
		if (section !== '' && section !== 'VRRP Topology' && !/^ VRRP Instance = /.test(raw)) continue;
		const start = /^ ?VRRP Instance = (.+)$/.exec(raw.trimEnd());
		if (start && /^ ?VRRP Instance/.test(raw)) {
			current = {name: start[1].trim(), vips: []};
			instances.push(current);
			list = undefined;
			continue;
		}
		if (!current) continue;
		const indent = raw.length - raw.trimStart().length;
		const line = raw.trim();
		if (list && indent >= 5 && line !== '') {
			if (list === 'vips') current.vips.push(line.split(/\s+/)[0]);
			else (current.unicastPeers ??= []).push(line.split(/\s+/)[0]);
			continue;
		}
		list = undefined;
		const kv = /^([^=]+?) = (.*)$/.exec(line);
		if (/^Virtual IP \(\d+\):?$/.test(line)) {
			list = 'vips';
			continue;
		}
		if (/^Unicast Peer ?:$/.test(line)) {
			list = 'peers';
			continue;
		}
		if (!kv) continue;
		const [, key, value] = kv;
		switch (key) {
			case 'State':
				current.state = value.trim();
				break;
			case 'Master router':
				current.masterRouter = value.trim().split(/\s+/)[0];
				break;
			case 'Interface':
				current.interface = value.trim();
				break;
			case 'Virtual Router ID':
				current.vrid = int(value);
				break;
			case 'Priority':
				current.priority = int(value);
				break;
			case 'Effective priority':
				current.effectivePriority = int(value);
				break;
			case 'Advert interval': {
				const n = Number(/^[\d.]+/.exec(value.trim())?.[0]);
				if (Number.isFinite(n)) current.advertIntervalMs = /milli/.test(value) ? n : n * 1000;
				break;
			}
			case 'Authentication type':
				current.authType = value.trim();
				break;
			case 'Password':
				current.auth = secretRef(value.trim());
				break;
			case 'VRRP Version':
				current.version = int(value);
				break;
			case 'Last transition':
				current.lastTransition = value.trim();
				break;
			case 'Using src_ip':
				current.sourceIp = value.trim().split(/\s+/)[0];
				break;
		}
	}
	return {instances};
}

/** Parses keepalived.stats: `VRRP Instance: NAME` then counters, nested ones as `Group.Counter`. */
export function parseKeepalivedStats(text: string): KeepalivedStats {
	const instances: KeepalivedStats['instances'] = {};
	let current: Record<string, number> | undefined;
	let group = '';
	for (const raw of text.split('\n')) {
		const start = /^VRRP Instance: (.+)$/.exec(raw.trimEnd());
		if (start) {
			current = instances[start[1].trim()] = {};
			group = '';
			continue;
		}
		if (!current) continue;
		const indent = raw.length - raw.trimStart().length;
		const m = /^([^:]+):\s*(\d+)?\s*$/.exec(raw.trim());
		if (!m) continue;
		const [, name, value] = m;
		if (value === undefined) {
			group = name.trim();
			continue;
		}
		const key = indent > 2 && group ? `${group}.${name.trim()}` : name.trim();
		if (indent <= 2) group = '';
		current[key] = Number(value);
	}
	return {instances};
}

/** end − start per counter (an instance or counter missing at the start counts from 0). */
export function diffKeepalivedStats(start: KeepalivedStats, end: KeepalivedStats): KeepalivedStats {
	const instances: KeepalivedStats['instances'] = {};
	for (const [name, counters] of Object.entries(end.instances)) {
		const before = start.instances[name] ?? {};
		instances[name] = Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, v - (before[k] ?? 0)]));
	}
	return {instances};
}
