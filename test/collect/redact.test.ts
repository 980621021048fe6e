import {describe, expect, it} from 'vitest';
import {fingerprintSecret, isSecretToken, parseSecretToken, REDACTED_TOKEN_RE, redactText, secretRef, secretRefFromToken, secretToken, stripSecretValues, sweepSecrets, mapStrings} from '../../src/collect/redact.js';
import {output} from '../parse/fixtures.js';

describe('fingerprints', () => {
	it('are stable across calls and equal for equal secrets', () => {
		expect(secretToken('s3cret')).toBe(secretToken('s3cret'));
		expect(secretToken('s3cret')).not.toBe(secretToken('s3cret!'));
		expect(secretToken('s3cret')).toMatch(/^lbwiz-redacted:[0-9a-f]{12}:6:[0-9a-f]{12}$/);
	});

	it('share the 8-character fingerprint when VRRPv2 PASS would treat the passwords as equal', () => {
		const a = fingerprintSecret('secret-01');
		const b = fingerprintSecret('secret-02');
		expect(a.fingerprint).not.toBe(b.fingerprint);
		expect(a.fingerprint8).toBe(b.fingerprint8);
		expect(fingerprintSecret('secret-0').fingerprint).toBe(a.fingerprint8);
	});

	it('read back from tokens, and from clear text with the value', () => {
		const token = secretToken('abc');
		expect(isSecretToken(token)).toBe(true);
		expect(parseSecretToken(token)).toEqual(fingerprintSecret('abc'));
		expect(secretRef(token)).toEqual(fingerprintSecret('abc'));
		expect(secretRef('abc')).toEqual({...fingerprintSecret('abc'), value: 'abc'});
		expect(secretRefFromToken('')).toBeUndefined();
		expect([...`x ${token} y ${secretToken('d')}`.matchAll(REDACTED_TOKEN_RE)]).toHaveLength(2);
	});
});

const SECRETS = {
	auth: 'Kp4ssx9z',
	quoted: 'two words',
	stats: 'St4tsPw',
	user: 'Insec-42',
	community: 'c0mmun1ty',
	key: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
	url: 'urlpw77',
	basic: 'dXNlcjpwYXNz',
};

const sample = `global_defs {
	router_id lb1
}
vrrp_instance VI_1 {
	authentication {
		auth_type PASS
		auth_pass ${SECRETS.auth}   # the shared one
	}
}
vrrp_instance VI_2 {
	authentication { auth_type PASS auth_pass "${SECRETS.quoted}" }
}
listen stats
	stats auth admin:${SECRETS.stats}
userlist ops
	user alice insecure-password ${SECRETS.user}
	user bob password $6$rounds$hash
rocommunity ${SECRETS.community} 10.0.0.0/8
   Password = ${SECRETS.auth}
    203.0.113.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20, addrs: 203.0.113.100 auth "${SECRETS.auth.slice(0, 8)}"
-----BEGIN PRIVATE KEY-----
${SECRETS.key}
-----END PRIVATE KEY-----
curl http://ops:${SECRETS.url}@203.0.113.5/health
Authorization: Basic ${SECRETS.basic}
vrrp:
  auth_pass: ${SECRETS.auth}
haproxy:
  stats: {port: 8404, password: '${SECRETS.stats}'}
`;

describe('redactText', () => {
	const redacted = redactText(sample);

	it('leaves no secret in any of the places tools and configs print them', () => {
		for (const [name, secret] of Object.entries(SECRETS)) expect(redacted, name).not.toContain(secret);
		expect(redacted).not.toContain('$6$rounds$hash');
	});

	it('keeps the structure around the secrets', () => {
		expect(redacted).toContain(`auth_pass ${secretToken(SECRETS.auth)}   # the shared one`);
		expect(redacted).toContain(`auth_pass "${secretToken(SECRETS.quoted)}"`);
		expect(redacted).toContain(`stats auth admin:${secretToken(SECRETS.stats)}`);
		expect(redacted).toContain(`Password = ${secretToken(SECRETS.auth)}`);
		expect(redacted).toContain(`auth "${secretToken(SECRETS.auth.slice(0, 8))}"`);
		expect(redacted).toContain('router_id lb1');
		expect(redacted).toContain("password: '");
		expect(redacted).toMatch(/-----BEGIN PRIVATE KEY-----\nlbwiz-redacted:\S+\n-----END PRIVATE KEY-----/);
	});

	it('is idempotent and collects what it found', () => {
		const found = new Set<string>();
		const once = redactText(sample, {found});
		expect(redactText(once)).toBe(once);
		expect(found).toContain(SECRETS.auth);
		expect(found).toContain(SECRETS.quoted);
	});

	it('fingerprints what keepalived uses when a comment character is glued to the password, and hides the rest', () => {
		// keepalived 2.2.7 reads `auth_pass Kp4ss!x9` as `Kp4ss` (verified with a SIGUSR1 dump)
		const out = redactText('\tauth_pass Kp4ss!x9 # note\n\tauth_pass ab#cd\n');
		expect(out).toBe(`\tauth_pass ${secretToken('Kp4ss')}!${secretToken('x9')} # note\n\tauth_pass ${secretToken('ab')}#${secretToken('cd')}\n`);
		expect(redactText(out)).toBe(out);
	});

	it('changes nothing when disabled (--no-redact)', () => {
		expect(redactText(sample, {enabled: false})).toBe(sample);
	});

	it('redacts the recorded keepalived.data and tcpdump outputs', () => {
		expect(redactText(output('keepalived/data-master.txt'))).not.toContain('fixture1');
		expect(redactText(output('tcpdump/vrrp-v-tttt.txt'))).not.toMatch(/fixture1|wrongpw2/);
	});
});

describe('the bundle-wide sweep', () => {
	it('replaces standalone leftovers of known secrets, not parts of words, and skips short ones', () => {
		const text = `comment: old password was ${SECRETS.auth}; x${SECRETS.user}y 1111 counters`;
		const swept = sweepSecrets(text, [SECRETS.auth, '1111']);
		expect(swept).toContain(secretToken(SECRETS.auth));
		expect(swept).toContain('1111 counters');
	});

	it('walks every string of a value and drops clear SecretRef values', () => {
		const value = {a: ['x Kp4ssx9z y'], ref: {...fingerprintSecret('Kp4ssx9z'), value: 'Kp4ssx9z'}};
		const out = stripSecretValues(mapStrings(value, s => sweepSecrets(s, ['Kp4ssx9z'])));
		expect(JSON.stringify(out)).not.toContain('Kp4ssx9z');
		expect(out.ref).toEqual(fingerprintSecret('Kp4ssx9z'));
	});
});
