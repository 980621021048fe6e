/**
Renders rows (see row-model.ts) as Ink text, one line each, cut to the terminal's width.

@example
```
lbwiz setup · Step 3/6 Virtual IP (VRRP)
› Virtual router ID (VRID)
  > 51
```
*/
// React in scope: bin/lbwiz.js runs these sources through tsx from any directory, where no tsconfig selects the automatic JSX runtime.
import React from 'react';
import {Box, Text} from 'ink';
import {fitRow, type Row} from './row-model.js';
import {useTheme} from './theme.js';

type Properties = {readonly rows: readonly Row[]; readonly width: number};

export default function Rows({rows, width}: Properties) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{rows.map((r, i) => {
				const fitted = fitRow(r, width);
				return (
					// eslint-disable-next-line react/no-array-index-key -- rows are positional
					<Text key={i} wrap="truncate-end">
						{fitted.length === 0 || fitted.every(s => s.text === '') ? ' ' : null}
						{fitted.map((s, j) => (
							// eslint-disable-next-line react/no-array-index-key -- segments are positional
							<Text key={j} color={theme.color ? s.color : undefined} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
								{s.text}
							</Text>
						))}
					</Text>
				);
			})}
		</Box>
	);
}
