/**
A one-line spinner with a label, for any wait longer than half a second. Still when the theme has no
Unicode (`-\|/`); frames advance every 120 ms and stop with the component.

@example
```
⠙ Rendering every host's files…
```
*/
import React from 'react';
import {Text} from 'ink';
import {symbolsOf, useTheme} from './theme.js';
import {useTicker} from './use-ticker.js';

type Properties = {readonly label: string};

export default function Spinner({label}: Properties) {
	const theme = useTheme();
	const tick = useTicker(true);
	const frames = symbolsOf(theme).spinner;
	return (
		<Text>
			<Text color={theme.color ? 'cyan' : undefined}>{frames[tick % frames.length]}</Text> {label}
		</Text>
	);
}
