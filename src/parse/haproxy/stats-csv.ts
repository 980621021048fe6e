/** One `show stat` row: the raw columns by name plus the health-relevant ones typed. */
export type ShowStatRow = {
	pxname: string;
	svname: string;
	/** from the `type` column: 0 frontend, 1 backend, 2 server, 3 listener */
	kind: 'frontend' | 'backend' | 'server' | 'listener' | 'unknown';
	/** UP, DOWN, NOLB, MAINT, MAINT(via), DRAIN, no check, OPEN … (`UP 1/3` while changing) */
	status: string;
	scur?: number;
	econ?: number;
	weight?: number;
	act?: number;
	bck?: number;
	chkfail?: number;
	chkdown?: number;
	/** seconds since the last status change */
	lastchg?: number;
	downtime?: number;
	/** L4OK, L4CON, L7STS … without the `* ` prefix a running check adds */
	checkStatus?: string;
	checkRunning: boolean;
	checkCode?: number;
	checkDuration?: number;
	checkDesc?: string;
	lastChk?: string;
	checkRise?: number;
	checkFall?: number;
	checkHealth?: number;
	addr?: string;
	/** every column by header name, as printed */
	columns: Record<string, string>;
};

const KINDS: Record<string, ShowStatRow['kind']> = {0: 'frontend', 1: 'backend', 2: 'server', 3: 'listener'};

/** Splits one CSV line, honouring the double quotes HAProxy's `csv_enc()` puts around fields with commas or quotes. */
function splitCsv(line: string): string[] {
	const out: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === ',') {
			out.push(field);
			field = '';
		} else field += c;
	}
	out.push(field);
	return out;
}

const int = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);
const str = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/**
Parses the CSV printed by the runtime API's `show stat` (or the stats page's `;csv`). The header line
starts with `# `; columns are matched by name, so any version's column set works. Lines that are not
rows (blank, prompts) are skipped. Never throws.
*/
export function parseShowStat(text: string): ShowStatRow[] {
	const lines = text.split(/\r?\n/);
	const headerIndex = lines.findIndex(l => l.startsWith('# '));
	if (headerIndex < 0) return [];
	const names = splitCsv(lines[headerIndex].slice(2));
	const rows: ShowStatRow[] = [];
	for (const line of lines.slice(headerIndex + 1)) {
		if (line.trim() === '' || line.startsWith('#')) continue;
		const values = splitCsv(line);
		if (values.length < 2) continue;
		const columns: Record<string, string> = {};
		names.forEach((name, i) => {
			if (name !== '') columns[name] = values[i] ?? '';
		});
		const rawCheck = columns.check_status ?? '';
		const running = rawCheck.startsWith('* ');
		rows.push({
			pxname: columns.pxname ?? '',
			svname: columns.svname ?? '',
			kind: KINDS[columns.type ?? ''] ?? 'unknown',
			status: columns.status ?? '',
			scur: int(columns.scur),
			econ: int(columns.econ),
			weight: int(columns.weight),
			act: int(columns.act),
			bck: int(columns.bck),
			chkfail: int(columns.chkfail),
			chkdown: int(columns.chkdown),
			lastchg: int(columns.lastchg),
			downtime: int(columns.downtime),
			checkStatus: str(running ? rawCheck.slice(2) : rawCheck),
			checkRunning: running,
			checkCode: int(columns.check_code),
			checkDuration: int(columns.check_duration),
			checkDesc: str(columns.check_desc),
			lastChk: str(columns.last_chk),
			checkRise: int(columns.check_rise),
			checkFall: int(columns.check_fall),
			checkHealth: int(columns.check_health),
			addr: str(columns.addr),
			columns,
		});
	}
	return rows;
}

/** One `show servers state` row. */
export type ServerStateRow = {
	backendId: number;
	backend: string;
	serverId: number;
	server: string;
	address: string;
	/** srv_op_state: 0 stopped (DOWN), 1 starting, 2 running (UP), 3 stopping */
	operationalState?: number;
	/** srv_admin_state bit field: 0x01 forced maintenance, 0x02 inherited maintenance, 0x04 config maintenance (`disabled`), 0x08 forced drain … */
	adminState?: number;
	userWeight?: number;
	initialWeight?: number;
	secondsSinceChange?: number;
	checkStatus?: number;
	checkResult?: number;
	checkHealth?: number;
	port?: number;
	/** every column by header name, `-` meaning empty */
	columns: Record<string, string>;
};

/**
Parses the runtime API's `show servers state [backend]` output: a version line (`1`), a `# ` header of
space-separated column names, then one space-separated row per server. Never throws.
*/
export function parseShowServersState(text: string): ServerStateRow[] {
	const lines = text.split(/\r?\n/);
	const headerIndex = lines.findIndex(l => l.startsWith('# '));
	if (headerIndex < 0) return [];
	const names = lines[headerIndex].slice(2).trim().split(/\s+/);
	const rows: ServerStateRow[] = [];
	for (const line of lines.slice(headerIndex + 1)) {
		if (line.trim() === '' || line.startsWith('#')) continue;
		const values = line.trim().split(/\s+/);
		if (values.length < 4) continue;
		const columns: Record<string, string> = {};
		names.forEach((name, i) => {
			columns[name] = values[i] ?? '';
		});
		rows.push({
			backendId: int(columns.be_id) ?? 0,
			backend: columns.be_name ?? '',
			serverId: int(columns.srv_id) ?? 0,
			server: columns.srv_name ?? '',
			address: columns.srv_addr ?? '',
			operationalState: int(columns.srv_op_state),
			adminState: int(columns.srv_admin_state),
			userWeight: int(columns.srv_uweight),
			initialWeight: int(columns.srv_iweight),
			secondsSinceChange: int(columns.srv_time_since_last_change),
			checkStatus: int(columns.srv_check_status),
			checkResult: int(columns.srv_check_result),
			checkHealth: int(columns.srv_check_health),
			port: int(columns.srv_port),
			columns,
		});
	}
	return rows;
}
