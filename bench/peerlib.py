"""``python -m bench.peerlib FILE ...``: the library side of the peer comparison; prints one JSON object.

The library loop of ``bench.measures.measure_library`` (``read_documents`` + ``extract_document`` per file) in a
process of its own, so that its whole CPU time (imports included) is measured the same way as the peer's.
"""

from __future__ import annotations

import json
import sys
import time


def main(files: list[str]) -> int:
    from pipeline.api import extract_document, read_documents
    from pipeline.errors import WikirecordsError

    start = time.process_time()
    records = failed = size = 0
    for name in files:
        with open(name, "rb") as stream:
            try:
                for doc in read_documents(name, stream):
                    size += len(doc.text.encode("utf-8"))
                    extract_document(doc)
                    records += 1
            except WikirecordsError:
                failed += 1
    print(json.dumps({"files": len(files), "bytes": size, "records": records, "failed": failed,
                      "loop_cpu_s": time.process_time() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
