/**
HTTP probes with curl: the argv lbwiz runs and the parser for its output. `-D -` puts the response
headers on stdout before the body, and `-w` appends one machine-readable line after it, marked so a
body cannot be mistaken for it. Only write-out variables curl has had since 7.29 are used, so old
hosts (CentOS 7) answer too; the exit status and `curl: (N) …` on stderr give the failure.
*/

/** The marker that starts curl's write-out line. */
export const CURL_MARKER = '@@lbwiz-curl@@';

/** The -w format: one line of `key=value` pairs after the body. */
export const CURL_WRITE_OUT = `\\n${CURL_MARKER} http_code=%{http_code} time_connect=%{time_connect} time_total=%{time_total} remote_ip=%{remote_ip} remote_port=%{remote_port} size_download=%{size_download}\\n`;

/** The argv of one probe (`-m` whole-request timeout in seconds; no redirects followed; body capped). */
export function curlProbeArgv(url: string, options: {timeoutSeconds?: number; maxBodyBytes?: number} = {}): [string, ...string[]] {
	return ['curl', '-sS', '-m', String(options.timeoutSeconds ?? 3), '--max-filesize', String(options.maxBodyBytes ?? 65536), '-o', '-', '-D', '-', '-w', CURL_WRITE_OUT, '--', url];
}

/** What one probe returned. */
export type CurlResult = {
	ok: boolean;
	status?: number;
	headers: Record<string, string>;
	statusLine?: string;
	body: string;
	timeMs?: number;
	connectMs?: number;
	remoteIp?: string;
	remotePort?: number;
	error?: string;
	exitCode?: number;
};

/** Parses one probe's stdout/stderr/exit status. `ok` means a response with status 100–399 arrived. */
export function parseCurlProbe(stdout: string, stderr: string, exitCode: number | undefined): CurlResult {
	const at = stdout.lastIndexOf(CURL_MARKER);
	const head = at >= 0 ? stdout.slice(0, at).replace(/\n$/, '') : stdout;
	const tail = at >= 0 ? stdout.slice(at + CURL_MARKER.length).trim() : '';
	const vars: Record<string, string> = {};
	for (const pair of tail.split(/\s+/)) {
		const eq = pair.indexOf('=');
		if (eq > 0) vars[pair.slice(0, eq)] = pair.slice(eq + 1);
	}
	const headers: Record<string, string> = {};
	let statusLine: string | undefined;
	let body = head;
	// -D - may print several header blocks (1xx, proxies); the body follows the last one
	let rest = head;
	while (/^HTTP\/[\d.]+ \d{3}/.test(rest)) {
		const end = rest.search(/\r?\n\r?\n/);
		const block = end >= 0 ? rest.slice(0, end) : rest;
		const lines = block.split(/\r?\n/);
		statusLine = lines[0].trim();
		for (const key of Object.keys(headers)) delete headers[key];
		for (const l of lines.slice(1)) {
			const c = l.indexOf(':');
			if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
		}
		rest = end >= 0 ? rest.slice(end).replace(/^\r?\n\r?\n/, '') : '';
		body = rest;
	}
	const code = Number(vars.http_code);
	const status = Number.isInteger(code) && code > 0 ? code : statusLine ? Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1]) : undefined;
	const seconds = (v: string | undefined) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Math.round(Number(v) * 1000 * 10) / 10 : undefined);
	const error = /curl: \(\d+\) ([^\n]*)/.exec(stderr)?.[1]?.trim();
	const result: CurlResult = {
		ok: exitCode === 0 && status !== undefined && status >= 100 && status < 400,
		...(status !== undefined && !Number.isNaN(status) ? {status} : {}),
		headers,
		...(statusLine ? {statusLine} : {}),
		body,
		...(seconds(vars.time_total) !== undefined ? {timeMs: seconds(vars.time_total)} : {}),
		...(seconds(vars.time_connect) !== undefined ? {connectMs: seconds(vars.time_connect)} : {}),
		...(vars.remote_ip ? {remoteIp: vars.remote_ip} : {}),
		...(vars.remote_port && vars.remote_port !== '0' ? {remotePort: Number(vars.remote_port)} : {}),
		...(error ? {error} : exitCode !== 0 && exitCode !== undefined ? {error: `curl exit status ${exitCode}`} : {}),
		...(exitCode !== undefined ? {exitCode} : {}),
	};
	return result;
}
