import {describe, expect, it} from 'vitest';
import {parseSystemctlShow, systemdUnavailable} from '../../src/parse/systemctl.js';
import {parseClockSync, parseHaproxyVersion, parseKeepalivedVersion, parseOsRelease, keepalivedConfigMissing} from '../../src/parse/host-info.js';
import {output} from './fixtures.js';

describe('systemctl show', () => {
	it('reads Key=Value blocks (documented format)', () => {
		const blocks = output('systemctl/show-two-units.documented-format.txt').split(/\n\s*\n/).map(parseSystemctlShow);
		expect(blocks.map(b => [b.Id, b.ActiveState, b.SubState, b.UnitFileState])).toEqual([
			['keepalived.service', 'active', 'running', 'enabled'],
			['haproxy.service', 'failed', 'failed', 'enabled'],
		]);
	});

	it('recognises a machine without systemd (recorded)', () => {
		expect(systemdUnavailable(output('systemctl-no-systemd.txt'))).toBe(true);
		expect(systemdUnavailable(output('timedatectl-no-systemd.txt'))).toBe(true);
	});
});

describe('host outputs', () => {
	it('reads versions (recorded)', () => {
		expect(parseKeepalivedVersion(output('keepalived/version.txt'))).toBe('2.2.7');
		expect(parseHaproxyVersion(output('haproxy-version.txt'))).toBe('2.6.12');
		expect(parseHaproxyVersion('HA-Proxy version 1.5.18 2016/05/10')).toBe('1.5.18');
	});

	it('reads os-release', () => {
		expect(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toEqual({PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', ID: 'debian'});
	});

	it('reads clock state (documented format)', () => {
		expect(parseClockSync(output('clock/chronyc-tracking.documented-format.txt'), 'chronyc')).toBe(true);
		expect(parseClockSync(output('clock/timedatectl-show-unsynced.documented-format.txt'), 'timedatectl')).toBe(false);
		expect(parseClockSync('Leap status     : Not synchronised\n', 'chronyc')).toBe(false);
	});

	it('notices keepalived -t on a missing file', () => {
		expect(keepalivedConfigMissing('Unable to find configuration file /etc/keepalived/nope.conf')).toBe(true);
		expect(keepalivedConfigMissing(output('keepalived/config-test-ok.txt'))).toBe(false);
	});
});
