/**
Mounts the Ink wizard on a terminal and resolves with its exit status once it is unmounted. Only
run-wizard.ts imports this (lazily), so plain mode never loads React or Ink.
*/
import React from 'react';
import {render} from 'ink';
import type {CommandIo} from '../../commands/command.js';
import {assumeScreenSize} from '../components/screen-size.js';
import {themeFromEnv} from '../components/theme.js';
import Wizard from './Wizard.js';
import type {WizardServices} from './wizard-services.js';
import type {WizardState} from './wizard-reducer.js';

/** Renders the wizard on `io`'s terminal; the promise settles after Ink restored the terminal. */
export async function renderWizard(options: {io: CommandIo; initial: WizardState; services: WizardServices; redact: boolean}): Promise<{code: number; message: string; state?: WizardState}> {
	const {io} = options;
	let result: {code: number; message: string; state?: WizardState} = {code: 130, message: 'Cancelled: nothing was written and no host was changed.'};
	const restoreSize = assumeScreenSize(io.stdout);
	const instance = render(
		<Wizard
			initial={options.initial}
			services={options.services}
			theme={themeFromEnv(io.env)}
			redact={options.redact}
			onExit={(exit, state) => {
				result = {...exit, state};
			}}
		/>,
		{
			stdout: io.stdout as NodeJS.WriteStream,
			stdin: io.stdin as NodeJS.ReadStream,
			stderr: io.stderr as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restoreSize();
	}
	return result;
}
