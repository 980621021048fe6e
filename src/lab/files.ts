/**
Files and directories the lab creates, recorded in the state before they exist so `down` removes
exactly them. Parents shared with other labs (/etc/netns, /run/lbwiz-lab, …) are only removed
when empty.
*/
import {existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync, chmodSync} from 'node:fs';
import {dirname} from 'node:path';
import type {LabState} from './state.js';
import {writeState} from './state.js';

/** Creates `path` (and parents) if missing; the topmost missing directory is recorded as the lab's. */
export function ensureDir(state: LabState, path: string): void {
	if (existsSync(path)) return;
	let top = path;
	while (!existsSync(dirname(top))) top = dirname(top);
	if (!state.dirs.includes(top)) {
		state.dirs.push(top);
		writeState(state);
	}
	mkdirSync(path, {recursive: true});
}

/** Writes a file the lab owns (recorded first when new). */
export function writeLabFile(state: LabState, path: string, content: string, mode = 0o644): void {
	ensureDir(state, dirname(path));
	if (!existsSync(path) && !state.files.includes(path) && !state.dirs.some(dir => path.startsWith(`${dir}/`))) {
		state.files.push(path);
		writeState(state);
	}
	writeFileSync(path, content, {mode});
	chmodSync(path, mode);
}

/** Reads a text file, undefined when missing. */
export function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** Removes a directory only when it is empty; true when it is gone. */
export function removeIfEmpty(path: string): boolean {
	try {
		rmdirSync(path);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT';
	}
}

/** Removes files and directories (recursively), ignoring what is already gone; returns what could not be removed. */
export function removePaths(paths: string[]): string[] {
	const failed: string[] = [];
	for (const path of paths) {
		try {
			rmSync(path, {recursive: true, force: true});
		} catch {
			failed.push(path);
		}
	}
	return failed;
}
