"""The app playing the scripted consultation, to be killed with SIGKILL by the test.

The record key comes from ``STATION_TEST_RECORD_KEY`` through a test-only keyring backend, so
the parent test can open the same record afterwards.
"""

import os
import sys
from pathlib import Path

import keyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from env_keyring import EnvKeyring

keyring.set_keyring(EnvKeyring())

from station.ui.demo import run_demo_app  # noqa: E402

sys.exit(run_demo_app(0, "normotensive", scripted=True))
