"""Record the reference's answers to each lab's public seeds, for `course check` to replay.

    python -m labs.engine.oracle.record            # every lab
    python -m labs.engine.oracle.record 02 04      # these labs
    python -m labs.engine.oracle.record 02 --out DIR

Run it whenever the oracle's operations, a lab's oracle check or the reference's behaviour
change: tests/labs/engine/oracle/test_transcripts.py fails until the kept transcripts are
what recording gives again. Each lab is recorded on a fresh reference app of its own.
"""

import argparse
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from labs.engine.catalog import Lab, all_labs, get_lab
from labs.engine.oracle.plugin import CHECK_FILE
from labs.engine.oracle.reference import reference_here
from labs.engine.oracle.run import record
from labs.engine.oracle.transcripts import FOLDER, PUBLIC_SEEDS, Transcript, path_of


def oracle_of(lab: Lab) -> tuple[dict[str, list[str]], list[str]]:
    """The lab's REGIONS and REFUSALS, as its oracle check declares them."""
    check = lab.checks_dir / CHECK_FILE
    spec = importlib.util.spec_from_file_location(f"oracle_check_{lab.number}", check)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.REGIONS), list(module.REFUSALS)


def transcripts_of(lab: Lab, seeds: Sequence[int] = PUBLIC_SEEDS) -> list[Transcript]:
    """The lab's runs at `seeds`, each on a fresh reference app."""
    regions, refusals = oracle_of(lab)
    recorded = []
    for seed in seeds:
        with reference_here() as reference:
            recorded.append(
                record(reference, lab=lab.number, regions=regions, seed=seed, refusals=refusals)
            )
    return recorded


def write(lab: Lab, out: Path | None = None, seeds: Sequence[int] = PUBLIC_SEEDS) -> list[Path]:
    """Record the lab's seeds into its folder (or `out`/labNN_.../); the paths written."""
    folder = lab.folder if out is None else out / lab.folder.name
    written = []
    for transcript in transcripts_of(lab, seeds):
        path = path_of(folder, transcript.seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(transcript.dumps(), encoding="utf-8")
        written.append(path)
    if out is None:  # seeds no longer public go
        for stale in (lab.folder / FOLDER).glob("seed-*.json"):
            if stale not in written:
                stale.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="*", help="lab numbers (all by default, or `all`)")
    parser.add_argument("--out", type=Path, help="write here instead of into the lab folders")
    args = parser.parse_args(argv)
    numbers = [n for n in args.labs if n != "all"] or list(all_labs())
    for number in numbers:
        lab = get_lab(number)
        for path in write(lab, args.out):
            transcript = Transcript.loads(path.read_text(encoding="utf-8"))
            print(
                f"lab {lab.number} seed {transcript.seed}: {len(transcript.requests)} requests "
                f"in {transcript.ran} sequences -> {path} ({path.stat().st_size // 1024} KiB)"
            )


if __name__ == "__main__":
    main()
