"""A real CUPS print server for a test: a private cupsd on a unix socket in the test's folder,
with a cups-pdf queue as the default printer (Debian's cups and printer-driver-cups-pdf).

cupsd must start as root (it then runs jobs as ``lp``), as CI's ``.ci/run`` does; cups-pdf
writes each job into the job owner's ``~/PDF``, named after the job's title.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
QUEUE = "Station-PDF"


@dataclass
class PrintServer:
    socket: Path
    queue: str
    output: Path  # where cups-pdf writes the jobs of this user

    def completed(self) -> int:
        """How many jobs CUPS has finished on the queue (the file is whole only then)."""
        done = subprocess.run(
            ["lpstat", "-W", "completed", "-o", self.queue],
            env=dict(os.environ, CUPS_SERVER=str(self.socket)),
            capture_output=True,
            text=True,
            timeout=30,
        )
        return len(done.stdout.splitlines())

    def printed(self) -> set[Path]:
        """The PDF files cups-pdf has written for this user (named by it, not by us)."""
        return set(self.output.glob("*.pdf")) if self.output.is_dir() else set()


def unavailable() -> str:
    """Why no print server can be started here ("" when one can)."""
    if not Path(CUPSD).exists() or not PPD.exists():
        return "cups and printer-driver-cups-pdf are not installed (.ci/run installs them)"
    if os.geteuid() != 0:
        return "cupsd must start as root (CI runs as root)"
    return ""


@contextmanager
def print_server() -> Iterator[PrintServer]:
    # Not under pytest's own temporary folder: it is private to root (0700), and the filters
    # run as lp must reach the spooled job.
    folder = Path(tempfile.mkdtemp(prefix="station-cups-"))
    for name in ("spool", "cache", "state", "log", "ppd"):
        (folder / name).mkdir(exist_ok=True)
        shutil.chown(folder / name, "root", "lp")
        (folder / name).chmod(0o775)
    folder.chmod(0o755)
    socket = folder / "cups.sock"
    (folder / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel warn\nWebInterface No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (folder / "cups-files.conf").write_text(
        f"ServerRoot {folder}\nRequestRoot {folder}/spool\nCacheDir {folder}/cache\n"
        f"StateDir {folder}/state\nErrorLog {folder}/log/error_log\n"
        f"AccessLog {folder}/log/access_log\nPageLog {folder}/log/page_log\n"
        "ServerBin /usr/lib/cups\nDataDir /usr/share/cups\nUser lp\nGroup lp\n"
        "SystemGroup root\n"
    )
    daemon = subprocess.Popen(
        [CUPSD, "-f", "-c", str(folder / "cupsd.conf"), "-s", str(folder / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    env = dict(os.environ, CUPS_SERVER=str(socket))
    try:
        deadline = time.monotonic() + 30
        for command in (
            ["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
            ["lpadmin", "-d", QUEUE],
        ):
            # Until cupsd answers on its socket (it may take a moment after starting).
            while subprocess.run(command, env=env, capture_output=True, timeout=30).returncode:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("cupsd did not start")
                time.sleep(0.1)
        home = Path(pwd.getpwuid(os.geteuid()).pw_dir)
        yield PrintServer(socket, QUEUE, home / "PDF")
    finally:
        daemon.terminate()
        daemon.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
