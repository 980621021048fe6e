/** Types of scripts/build.mjs (plain JavaScript, so `npm run build` needs only node). */
import type {Metafile} from 'esbuild';

export const root: string;
export const DATA_DIRS: string[];
export const UI_PACKAGES: string[];
export function packageOf(input: string): string | undefined;
export function staticClosure(outputs: Metafile['outputs'], start: string): string[];
export function packagesIn(outputs: Metafile['outputs'], files: string[]): string[];
export function fastStartViolations(metafile: Metafile, entryFile: string): string[];
export function buildBundle(options?: {outdir?: string; allowMissing?: boolean; minify?: boolean; quiet?: boolean}): Promise<{
	entry: string;
	metafile: Metafile;
	missing: string[];
	bytes: {entry: number; total: number};
}>;
export function bundleScript(entry: string, outfile: string): Promise<string>;
export function withoutRuntimeImports(code: string, metafile: Metafile, entryFile: string): string;
