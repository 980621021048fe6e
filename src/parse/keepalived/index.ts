/**
keepalived.conf parser: text (and its includes) → syntax tree with positions → semantic model.

	const {ast, config, diagnostics} = parseKeepalived(text, {file: '/etc/keepalived/keepalived.conf'});
	const {config} = parseKeepalivedFiles(bundle.facts['keepalived.config'].value.files);

Never throws, never reads the disk unless asked to (`readFile: readLocalFile` or `fs: true`).
*/
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {posix as path} from 'node:path';
import type {Diagnostic} from '../../lint/diagnostic.js';
import type {KaStatement, KeepalivedAst} from './ast.js';
import {buildModel, type KeepalivedConfig} from './model.js';
import {readKeepalived, type ListDir, type ReadFile} from './reader.js';
import {forEachRootStatement, KaStore, lazyAst} from './store.js';
import {TreeBuilder} from './tree.js';

export type {KaBlock, KaFile, KaParam, KaStatement, KaToken, KeepalivedAst, SourcePos} from './ast.js';
export type {
	Authentication,
	BfdInstance,
	Checker,
	CheckSettings,
	GlobalDefs,
	HttpUrl,
	KaSetting,
	KeepalivedConfig,
	RealServer,
	RouteLine,
	Sources,
	TrackFile,
	TrackRef,
	UnicastPeer,
	VirtualIp,
	VirtualServer,
	VirtualServerGroup,
	VirtualServerGroupMember,
	VrrpInstance,
	VrrpScript,
	VrrpSyncGroup,
} from './model.js';
export type {ListDir, ReadFile} from './reader.js';
export {CHECKERS, CONTEXT_LABEL, KEYWORDS, contextsOf, keywordSpec, type CheckerType, type KeywordContext, type KeywordSpec, type ValueBlock} from './keywords.js';
export {resolveStatement, gluedKeyword, type ResolvedStatement} from './resolve.js';
export {parseVipLine} from './model.js';
export {ipFamily, isIPv4, isIPv6, isRedactedToken, parseAddress, parseDecimal, parseInteger, parsePort, parseUnsigned, secretLength} from './values.js';

export type ParseKeepalivedOptions = {
	/** the path the text came from (used in positions and to resolve relative includes) */
	file: string;
	/** reads include targets; default: none (includes are reported as missing) unless `fs` is set */
	readFile?: ReadFile;
	/** lists directories for include globs; default: none unless `fs` is set */
	listDir?: ListDir;
	/** read includes from the local disk */
	fs?: boolean;
	/** keepalived's `-i` config id: which `@id` lines apply (default: none) */
	configId?: string;
	/**
	Called once with each top-level statement (and its block), in order, while the model is built:
	lets the linter check the statements the model reads without building them a second time.
	*/
	visit?: (statement: KaStatement) => void;
};

export type KeepalivedParseResult = {ast: KeepalivedAst; config: KeepalivedConfig; diagnostics: Diagnostic[]};

/** Reads a regular file from the local disk, or undefined (missing, directory, device, over 16 MiB, unreadable). */
export const readLocalFile: ReadFile = file => {
	try {
		const info = statSync(file);
		if (!info.isFile() || info.size > 16 * 1024 * 1024) return undefined;
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
};

/** Lists a local directory, or undefined. */
export const listLocalDir: ListDir = dir => {
	try {
		return readdirSync(dir);
	} catch {
		return undefined;
	}
};

/** Parses one keepalived.conf text (with its includes when a reader is given). Never throws. */
export function parseKeepalived(text: string, options: ParseKeepalivedOptions): KeepalivedParseResult {
	const readFile = options.readFile ?? (options.fs ? readLocalFile : undefined);
	const listDir = options.listDir ?? (options.fs ? listLocalDir : undefined);
	const main = typeof text === 'string' ? text : '';
	const builder = new TreeBuilder(new KaStore(main.length));
	const read = readKeepalived(main, {
		file: options.file,
		tree: builder,
		...(readFile ? {readFile} : {}),
		...(listDir ? {listDir} : {}),
		...(options.configId !== undefined ? {configId: options.configId} : {}),
	});
	const treeDiagnostics = builder.finish(read.hiddenBraces);
	const ast = lazyAst({file: options.file, files: read.files, params: read.params, skippedConditions: read.skippedConditions}, builder.store);
	let config: KeepalivedConfig;
	const diagnostics = [...read.diagnostics, ...treeDiagnostics];
	const visit = options.visit;
	let visited = 0;
	try {
		config = buildModel(
			ast,
			visit &&
				(statement => {
					visited++;
					visit(statement);
				}),
		);
	} catch (error) {
		diagnostics.push({file: options.file, line: 1, column: 1, severity: 'error', code: 'keepalived/parse-limit', message: `internal model error: ${(error as Error).message}`});
		config = buildModel({...ast, statements: []});
		let index = 0;
		if (visit)
			forEachRootStatement(ast, statement => {
				if (index++ >= visited) visit(statement);
			});
	}
	return {ast, config, diagnostics};
}

/** A file as given to parseKeepalivedFiles: `text` (lint) or `content` (a bundle's ConfigFiles). */
export type KeepalivedSourceFile = {path: string; text?: string; content?: string};

/** A ReadFile/ListDir pair over an in-memory set of files (a recorded bundle). */
export function memoryFiles(files: KeepalivedSourceFile[]): {readFile: ReadFile; listDir: ListDir} {
	const byPath = new Map(files.map(f => [path.normalize(f.path), f.text ?? f.content ?? '']));
	return {
		readFile: file => byPath.get(path.normalize(file)),
		listDir: dir => {
			const base = path.normalize(dir);
			const names = new Set<string>();
			for (const file of byPath.keys()) {
				const rel = path.relative(base, file);
				if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
				names.add(rel.split('/')[0]);
			}
			return names.size > 0 ? [...names] : undefined;
		},
	};
}

/**
Parses a host's configuration given as files — the main file first, its includes after it (the
shape of a bundle's `keepalived.config` fact). Includes are read from these files only.
*/
export function parseKeepalivedFiles(files: KeepalivedSourceFile[], options: {configId?: string; mainPath?: string} = {}): KeepalivedParseResult {
	const main = files.find(f => f.path === options.mainPath) ?? files[0];
	const {readFile, listDir} = memoryFiles(files);
	return parseKeepalived(main?.text ?? main?.content ?? '', {
		file: main?.path ?? 'keepalived.conf',
		readFile,
		listDir,
		...(options.configId !== undefined ? {configId: options.configId} : {}),
	});
}
