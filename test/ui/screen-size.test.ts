import {describe, expect, it} from 'vitest';
import {assumeScreenSize, screenSize} from '../../src/ui/components/screen-size.js';

describe('screenSize', () => {
	it('uses the terminal size, else 80×24 when the terminal reports 0 or nothing', () => {
		expect(screenSize({columns: 132, rows: 40})).toEqual({columns: 132, rows: 40});
		expect(screenSize({columns: 0, rows: 0})).toEqual({columns: 80, rows: 24});
		expect(screenSize({})).toEqual({columns: 80, rows: 24});
		expect(screenSize({columns: 100, rows: 0})).toEqual({columns: 100, rows: 24});
	});

	it('prefers a given size (tests)', () => {
		expect(screenSize({columns: 0, rows: 0}, {columns: 60, rows: 10})).toEqual({columns: 60, rows: 10});
	});
});

describe('assumeScreenSize', () => {
	it('makes a 0×0 terminal report 80×24 while Ink draws, then puts the reported size back', () => {
		const stdout = {columns: 0, rows: 0};
		const restore = assumeScreenSize(stdout);
		expect(stdout).toEqual({columns: 80, rows: 24});
		restore();
		expect(stdout).toEqual({columns: 0, rows: 0});
	});

	it('leaves a terminal with a size alone', () => {
		const stdout = {columns: 120, rows: 30};
		assumeScreenSize(stdout)();
		expect(stdout).toEqual({columns: 120, rows: 30});
	});
});
