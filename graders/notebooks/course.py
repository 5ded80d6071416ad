"""Where the concept notebooks live, and the nbgrader configuration to grade them with."""

from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
CONFIG_FILE = "nbgrader_config.py"
DEFAULT_WORKDIR = NOTEBOOKS_DIR / ".work"


@dataclass(frozen=True, slots=True)
class Course:
    """The notebooks' course directory (config and `source/`) and a working directory for state."""

    notebooks_dir: Path = NOTEBOOKS_DIR
    workdir: Path = DEFAULT_WORKDIR
    cell_timeout: int | None = None  # seconds; None keeps the config's value
    sandbox: bool = True  # False runs learners' kernels as the grader: trusted code only

    @property
    def source_dir(self) -> Path:
        return self.notebooks_dir / "source"

    def assignments(self) -> list[str]:
        """The assignment names: one folder of `source/` each."""
        return sorted(path.name for path in self.source_dir.iterdir() if path.is_dir())

    def source_notebooks(self) -> list[Path]:
        return sorted(self.source_dir.glob("*/*.ipynb"))

    @property
    def exchange_dir(self) -> Path:
        """nbgrader's exchange on this machine: released assignments, submissions, feedback."""
        return self.workdir / "exchange"

    @property
    def course_id(self) -> str:
        return str(self.config().CourseDirectory.course_id)

    def config(self) -> Config:
        """The course's nbgrader config, pointed at this working directory."""
        config: Config = PyFileConfigLoader(CONFIG_FILE, path=str(self.notebooks_dir)).load_config()
        config.CourseDirectory.root = str(self.workdir)
        config.CourseDirectory.source_directory = str(self.source_dir)
        config.Exchange.root = str(self.exchange_dir)
        if self.cell_timeout is not None:
            config.Execute.timeout = self.cell_timeout
        if not self.sandbox:
            config.GradingExecute.sandbox = False
        return config
