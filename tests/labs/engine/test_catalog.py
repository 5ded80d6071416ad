from pathlib import Path

from labs.engine.catalog import all_labs, get_lab
from labs.engine.workspace import later_labs_given, start_lab

UNDER = get_lab("06")  # `under_earlier_labs = true`: every registration seals an email


def test_a_lab_under_earlier_labs_is_needed_by_each_of_them() -> None:
    earlier = [lab for lab in all_labs().values() if lab.number < UNDER.number]
    assert earlier
    assert all(UNDER.number in lab.needs for lab in earlier)
    assert UNDER.number not in UNDER.needs


def test_an_earlier_labs_workspace_is_given_the_regions_it_stands_on(tmp_path: Path) -> None:
    assert UNDER.number in later_labs_given(get_lab("01"))
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    envelope = (workspace.package / "encryption" / "envelope.py").read_text()
    assert "NotImplementedError" not in envelope
    assert "os.urandom(NONCE_BYTES)" in envelope
