import {Document, isMap, isSeq, YAMLMap, YAMLSeq} from 'yaml';
import type {TopologyInput} from '../model/schema.js';

/** A note attached to one entry of the written YAML (e.g. a TODO on a guessed address). */
export type YamlNote = {section: 'directors' | 'real_servers'; index: number; comment: string};

/**
lbwiz.yaml text for an imported topology: a header comment, host lists and small mappings in
flow style (one host per line, as the fixtures are written), notes as end-of-line comments.
*/
export function topologyToYaml(topology: TopologyInput, header: string[], notes: readonly YamlNote[] = []): string {
	const doc = new Document(topology);
	doc.commentBefore = header.map(line => ` ${line}`).join('\n');
	const flowSeq = (path: string[]) => {
		const node = doc.getIn(path, true);
		if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
	};
	flowSeq(['directors']);
	flowSeq(['real_servers']);
	flowSeq(['clients']);
	const vips = doc.getIn(['vrrp', 'vips'], true);
	if (isSeq(vips)) vips.flow = true;
	for (const key of ['track_haproxy', 'notification_email']) {
		const node = doc.getIn(['vrrp', key], true);
		if (isMap(node) || isSeq(node)) (node as YAMLMap | YAMLSeq).flow = true;
	}
	const flowEach = (listPath: string[], inner: string[]) => {
		const list = doc.getIn(listPath, true);
		if (!isSeq(list)) return;
		list.items.forEach((_, i) => {
			const node = doc.getIn([...listPath, i, ...inner], true);
			if (isMap(node) || isSeq(node)) (node as YAMLMap | YAMLSeq).flow = true;
			if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
		});
	};
	flowEach(['lvs'], ['health_check']);
	flowEach(['lvs'], ['real_servers']);
	flowEach(['haproxy', 'frontends'], ['routes']);
	flowEach(['haproxy', 'backends'], ['check']);
	flowEach(['haproxy', 'backends'], ['servers']);
	for (const key of ['stats', 'timeouts']) {
		const node = doc.getIn(['haproxy', key], true);
		if (isMap(node)) node.flow = true;
	}
	for (const note of notes) {
		const node = doc.getIn([note.section, note.index], true);
		if (isMap(node)) node.comment = ` ${note.comment}`;
	}
	return doc.toString({lineWidth: 0, flowCollectionPadding: false});
}
