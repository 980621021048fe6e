/** `{{name}}` placeholders in check messages (ESLint's message data). */

/**
Fills `{{key}}` placeholders from `data`; an unknown key is left as written so a typo shows in tests
instead of vanishing.
*/
export function fillTemplate(template: string, data: Record<string, string | number> = {}): string {
	return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** Placeholder names used by a template, in order of appearance. */
export function templateKeys(template: string): string[] {
	return [...template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map(match => match[1]);
}
