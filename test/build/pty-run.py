#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of a given size, like an operator's terminal.

Usage: pty-run.py COLS ROWS TIMEOUT_S WAIT_FOR KEYS -- ARGV...

When the output, with ANSI escapes removed, contains WAIT_FOR, writes KEYS (Python escapes such as
\\x03 are decoded) to the terminal once. Prints one JSON object: {"exit": N | null, "output": TEXT,
"timedOut": BOOL} where output has the ANSI escapes removed. Node has no pty module of its own; the
bundle test uses this to draw the Ink views from the built bundle.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>78]")


def main():
    cols, rows, timeout, wait_for, keys = sys.argv[1:6]
    argv = sys.argv[sys.argv.index("--") + 1:]
    keys = keys.encode().decode("unicode_escape").encode("latin-1")
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", int(rows), int(cols), 0, 0))
        os.execvp(argv[0], argv)
    raw, sent, timed_out = b"", False, False
    deadline = time.time() + float(timeout)
    while True:
        if time.time() > deadline:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            raw += data
        if not sent and wait_for in ANSI.sub("", raw.decode("utf-8", "replace")):
            time.sleep(0.2)
            os.write(fd, keys)
            sent = True
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    text = ANSI.sub("", raw.decode("utf-8", "replace")).replace("\r", "")
    print(json.dumps({"exit": None if timed_out else code, "output": text, "timedOut": timed_out, "sent": sent}))


if __name__ == "__main__":
    main()
