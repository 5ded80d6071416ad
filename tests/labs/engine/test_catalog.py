"""What lab.toml says: stand-ins for the regions every earlier lab goes through."""

from pathlib import Path

from labs.engine.catalog import get_lab
from labs.engine.workspace import reference_sources, start_lab

SEALING = get_lab("06")  # every registration seals an email and indexes it


def test_a_region_every_earlier_lab_goes_through_has_a_stand_in() -> None:
    assert set(SEALING.placeholders) == {"seal", "open_sealed", "blind_index"}


def test_an_earlier_labs_workspace_gets_the_stand_in_not_the_solution(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    envelope = (workspace.package / "encryption" / "envelope.py").read_text()
    assert "stand-in that works and protects nothing" in envelope
    assert "NotImplementedError" not in envelope.split("def key_id_of")[0]
    assert "os.urandom(NONCE_BYTES)" not in envelope  # the solution's fresh nonce
    assert "key.encrypt" not in envelope
    assert "os.urandom(NONCE_BYTES)" in reference_sources()["encryption/envelope.py"]
