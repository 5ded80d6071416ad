"""The app's database folder: the grader's own, a bounded tmpfs where the grader may mount."""

import errno
import os
from pathlib import Path

import pytest

from graders.labs.database_folder import make_database_folder, release_database_folder

SIZE = 1024 * 1024


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may mount a tmpfs")
def test_a_sandboxed_app_gets_a_bounded_folder_that_is_released_after(tmp_path: Path) -> None:
    data = make_database_folder(tmp_path, SIZE, trusted=False)
    try:
        assert os.path.ismount(data)
        with pytest.raises(OSError, match="No space left") as error:
            (data / "big").write_bytes(b"x" * (2 * SIZE))
        assert error.value.errno == errno.ENOSPC
    finally:
        release_database_folder(tmp_path)
    assert not os.path.ismount(data)
    assert list(data.iterdir()) == []  # what the app wrote went with its tmpfs


def test_trusted_code_gets_a_plain_private_folder(tmp_path: Path) -> None:
    data = make_database_folder(tmp_path, SIZE, trusted=True)
    assert data == tmp_path / "data"
    assert not os.path.ismount(data)
    assert data.stat().st_mode & 0o777 == 0o700
    release_database_folder(tmp_path)  # nothing to release: no error
    assert data.is_dir()
