/** Thrown by output parsers for text that is not the tool's output; the message says what was expected. */
export class OutputParseError extends Error {
	constructor(
		readonly tool: string,
		message: string,
	) {
		super(`${tool}: ${message}`);
		this.name = 'OutputParseError';
	}
}
