// `node --import ./trace-loads.mjs …` appends the URL of every ES module the program loads to the
// file named by $LBWIZ_TRACE_FILE (the hook runs on Node's loader thread, hence the file).
import {appendFileSync} from 'node:fs';
import {register} from 'node:module';
import {isMainThread} from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function load(url, context, next) {
	if (process.env.LBWIZ_TRACE_FILE) appendFileSync(process.env.LBWIZ_TRACE_FILE, `${url}\n`);
	return next(url, context);
}
