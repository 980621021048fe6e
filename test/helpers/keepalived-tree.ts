import type {KaStatement} from '../../src/parse/keepalived/index.js';

/** The first statement with `keyword`, depth first through nested blocks. */
export function findStatement(statements: KaStatement[], keyword: string): KaStatement | undefined {
	for (const s of statements) {
		if (s.keyword === keyword) return s;
		const inner = s.block && findStatement(s.block.children, keyword);
		if (inner) return inner;
	}
	return undefined;
}
