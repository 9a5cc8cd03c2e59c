"""Write the data channel's JSON Schema from its classes: ``python tools/channel_schema.py``.

``station/protocol/channel.py`` is the truth; ``assets/schemas/datachannel.schema.json`` is
what the doctor's page and any other client read. ``tests/call/test_channel_messages.py``
fails while the file is behind the classes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCHEMA = ROOT / "assets" / "schemas" / "datachannel.schema.json"


def text() -> str:
    from station.protocol.channel import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA.write_text(text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
