/**
Colour and symbols for every Ink view. Colour is off when NO_COLOR is set (no-color.org: present and
not empty); symbols fall back to ASCII on the Linux console or with LBWIZ_ASCII=1.
*/
import React, {createContext, useContext, type ReactNode} from 'react';

export type Theme = {color: boolean; unicode: boolean};

/** The theme an environment asks for. */
export function themeFromEnv(env: NodeJS.ProcessEnv): Theme {
	return {color: !(env.NO_COLOR !== undefined && env.NO_COLOR !== ''), unicode: env.TERM !== 'linux' && !env.LBWIZ_ASCII};
}

export type Symbols = {ok: string; fail: string; warn: string; info: string; pointer: string; pending: string; skip: string; spinner: string[]};

/** The symbols of a theme (all single-width). */
export function symbolsOf(theme: Theme): Symbols {
	return theme.unicode
		? {ok: '✔', fail: '✖', warn: '!', info: '·', pointer: '›', pending: '○', skip: '–', spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']}
		: {ok: '+', fail: 'x', warn: '!', info: '-', pointer: '>', pending: 'o', skip: '-', spinner: ['-', '\\', '|', '/']};
}

const ThemeContext = createContext<Theme>({color: true, unicode: true});

/** Provides a theme to the views below. */
export function ThemeProvider({theme, children}: {readonly theme: Theme; readonly children: ReactNode}) {
	return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

/** The current theme. */
export const useTheme = (): Theme => useContext(ThemeContext);
