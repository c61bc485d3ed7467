"""A separate process that embeds texts through the Runtime and its cache (for test_processes).

    python -m tests.cache.embed_worker TABLE.json TEXTS.json START_FILE OUT.json

Waits until START_FILE exists (so two workers start together), embeds TEXTS in
chunks of 7, and writes {text: vector} to OUT.json. $TEST_REDIS_URL names the Redis.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from modelcfg.runtime import Runtime


def main(table_path: str, texts_path: str, start_file: str, out_path: str) -> None:
    texts: list[str] = json.loads(Path(texts_path).read_text())
    deadline = time.monotonic() + 30
    while not os.path.exists(start_file) and time.monotonic() < deadline:
        time.sleep(0.002)
    out: dict[str, list[float]] = {}
    with Runtime.load(table_path) as rt:
        for start in range(0, len(texts), 7):
            chunk = texts[start : start + 7]
            for text, vec in zip(chunk, rt.embed(chunk).vectors, strict=True):
                out[text] = list(vec)
    Path(out_path).write_text(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:5])
