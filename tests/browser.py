"""Headless Chromium for the report tests: Debian's /usr/bin/chromium, installed with apt-get when
missing and we are root, else the tests that need it are skipped (the `chromium` fixture is in
conftest.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


def find_chromium() -> str:
    if not Path(CHROMIUM).exists():
        if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip("headless test needs Debian's chromium: /usr/bin/chromium is missing and we are not root "
                        "(apt-get install -y chromium)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=300, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            done = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], timeout=900, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        except subprocess.TimeoutExpired:
            pytest.skip("installing chromium with apt-get timed out")
        if done.returncode != 0 or not Path(CHROMIUM).exists():
            pytest.skip(f"apt-get install chromium failed: {done.stderr[-300:]}")
    return CHROMIUM


def run_chromium(binary: str, page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line or "ERR_" in line]
