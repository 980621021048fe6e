/**
A DoctorReport on the terminal: hosts, then the findings root cause first with their symptoms indented,
each with severity, title, host and the fix commands. Also works with `renderToString` (snapshots, the
live view's scrollback).

@example
```
lbwiz doctor · lab · VIP 203.0.113.100
  ✖ lb2        director, haproxy · VRRP MASTER · holds 203.0.113.100
Root cause (the findings under it are its symptoms)
  ✖ CRITICAL F1 firewall.vrrp-blocked on lb2: nftables drops VRRP
        lb2$ nft insert rule inet filter input ip protocol vrrp accept
    ✖ CRITICAL F2 vip.split-brain: both directors hold 203.0.113.100
```
*/
import React from 'react';
import type {DoctorReport} from '../../doctor/report-model.js';
import Rows from '../components/Rows.js';
import {symbolsOf, ThemeProvider, type Theme} from '../components/theme.js';
import {reportRows} from './report-rows.js';

type Properties = {readonly report: DoctorReport; readonly width?: number; readonly theme?: Theme};

export default function ReportView({report, width = 80, theme = {color: true, unicode: true}}: Properties) {
	return (
		<ThemeProvider theme={theme}>
			<Rows rows={reportRows(report, width, symbolsOf(theme))} width={width} />
		</ThemeProvider>
	);
}
