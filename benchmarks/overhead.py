"""Overhead of `harness run` over a plain loop: trafilatura on the pages of the
article-extraction-benchmark, both timed as whole processes (start-up included).

Run from the project root:  python benchmarks/overhead.py [--corpus DIR] [--rounds 3]

The harness side is `harness run --extractor trafilatura --jobs 1` in a project whose goldens
were approved beforehand (in a temporary folder), so every cell is compared, as in a user's
CI run. The plain side is a script run as its own process: it imports trafilatura, reads each
page, decodes it the same way (`harness.corpus.decode`) and calls `trafilatura.bare_extraction` with
the arguments our adapter gives. Each side is a fresh process timed from its start to its
exit with `time.perf_counter`; the sides alternate, and the best round of each counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import approved_project, best_of, corpus, harness, load_line, verdict

TARGET = 1.10
PLAIN = """\
import json
import sys
from pathlib import Path

import trafilatura

from harness.corpus import decode

for folder in sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_dir()):
    data = (folder / "page.html").read_bytes()
    text = decode.decode(data, declared=decode.declared_charset(data)).text
    truth = folder / "truth.json"
    url = json.loads(truth.read_text("utf-8")).get("url") if truth.exists() else None
    trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="folder of page folders (default: shared)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    captures = corpus(args.corpus)
    pages = sum(1 for p in captures.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="harness-overhead-") as folder:
        project = approved_project(Path(folder), captures)
        (project / "plain.py").write_text(PLAIN, "utf-8")
        sides = {
            "harness": harness("run", "--no-cache", "--extractor", "trafilatura", "--jobs", "1"),
            "plain": [sys.executable, str(project / "plain.py"), str(captures)],
        }
        found = best_of(sides, project, args.rounds)
    ratio = found["harness"].wall / found["plain"].wall
    cpu_ratio = found["harness"].cpu / found["plain"].cpu
    print(f"best of {args.rounds} rounds, whole processes, {pages} pages; {load_line()}")
    for name, label in (
        ("harness", "harness run --extractor trafilatura --jobs 1"),
        ("plain", "plain trafilatura loop (python plain.py)"),
    ):
        print(f"| {label} | {found[name].wall:.2f} s | CPU {found[name].cpu:.2f} s |")
    print(f"| overhead ratio | {ratio:.3f} | target <= {TARGET:.2f}: {verdict(ratio <= TARGET)} |")
    print(f"| CPU ratio (harness and its worker / plain) | {cpu_ratio:.3f} |")


if __name__ == "__main__":
    main()
