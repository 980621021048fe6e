/**
Each docs/checks/<id>.md front matter is written by hand next to its check's `meta`: this keeps them
from drifting (id, title, severity, scope, needs, uses, explains — and the page's heading and severity
line), and makes `related` name real checks.
*/
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {checks} from '../../checks/index.js';

const docs = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'docs', 'checks');

/** The YAML between the leading `---` lines of a doc page (undefined without front matter). */
function frontMatter(text: string): Record<string, unknown> | undefined {
	const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
	return m ? (parse(m[1]) as Record<string, unknown>) : undefined;
}

const FIELDS = ['id', 'title', 'severity', 'scope', 'needs', 'uses', 'explains'] as const;
const ids = new Set(checks.map(c => c.meta.id));

describe('docs/checks front matter', () => {
	it.each(checks.map(c => [c.meta.id, c] as const))('%s: front matter equals the check meta', (id, check) => {
		const matter = frontMatter(readFileSync(join(docs, `${id}.md`), 'utf8'));
		expect(matter, `${id}.md has no front matter`).toBeDefined();
		const fromMeta = {...check.meta, needs: check.meta.needs ?? [], uses: check.meta.uses ?? [], explains: check.meta.explains ?? []} as Record<string, unknown>;
		const expected = Object.fromEntries(FIELDS.map(field => [field, fromMeta[field]]));
		const actual = Object.fromEntries(FIELDS.map(field => [field, matter![field] ?? (['needs', 'uses', 'explains'].includes(field) ? [] : undefined)]));
		expect(actual).toEqual(expected);
		const text = readFileSync(join(docs, `${id}.md`), 'utf8');
		expect(text, 'the heading').toContain(`\n# ${id} — ${check.meta.title}\n`);
		const line = /^Severity \*\*(\w+)\*\*.*; checked (once per host|across the cluster)\. Source: `([^`]+)`\.$/m.exec(text);
		expect(line, 'the "Severity **…**; checked …. Source: `…`." line').not.toBeNull();
		expect({severity: line![1], scope: line![2], source: line![3]}).toEqual({severity: check.meta.severity, scope: check.meta.scope === 'host' ? 'once per host' : 'across the cluster', source: `checks/${id.replace('.', '/')}.ts`});
		const related = (matter!.related ?? []) as string[];
		expect(related.filter(other => !ids.has(other)), `${id}: related names unknown checks`).toEqual([]);
		expect(related, `${id}: related lists itself`).not.toContain(id);
	});

	it('has no page without a registered check', () => {
		const pages = readdirSync(docs).filter(f => f.endsWith('.md')).map(f => f.slice(0, -3));
		expect(pages.filter(page => !ids.has(page))).toEqual([]);
	});
});
