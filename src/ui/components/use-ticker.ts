import {useEffect, useState} from 'react';

/**
A counter that advances every `intervalMs` while `active` (spinner frames, elapsed seconds); stops,
and so stops repainting, when nothing runs.
*/
export function useTicker(active: boolean, intervalMs = 120): number {
	const [tick, setTick] = useState(0);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setTick(t => t + 1), intervalMs);
		return () => clearInterval(timer);
	}, [active, intervalMs]);
	return tick;
}
