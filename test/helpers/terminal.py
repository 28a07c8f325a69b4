"""Runs a command in a pseudo-terminal and plays a script of (expect, send) steps, as a person at a
terminal would. Prints {"status", "output"} as JSON. Used by test/helpers/terminal.ts."""
import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(spec.get("env", {}))
    os.execvp(spec["argv"][0], spec["argv"])

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
output = b""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def read(timeout):
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True


def screen():
    return ANSI.sub("", output.decode("utf-8", "replace"))


failure = None
deadline = time.time() + spec.get("timeout", 20)
for step in spec.get("steps", []):
    pattern = re.compile(step["expect"])
    seen = len(screen()) if step.get("fresh") else 0
    while not pattern.search(screen()[seen:]):
        if time.time() > deadline or not read(0.1):
            failure = "did not see /%s/" % step["expect"]
            break
    if failure:
        break
    time.sleep(step.get("pause", 0.05))
    os.write(fd, step["send"].encode("utf-8"))

while time.time() < deadline and read(0.2):
    pass
if time.time() >= deadline and failure is None:
    failure = "timed out"
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "output": screen(), "failure": failure}))
