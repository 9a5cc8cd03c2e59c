"""The project's own promises: README's commands, CI running exactly README's test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("python3 -m venv .venv && ")]


def test_readme_opens_with_the_two_commands() -> None:
    commands = _readme_commands()
    assert len(commands) >= 2
    assert commands[0].endswith("station demo")
    assert "pytest" in commands[1]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index(commands[1]) < 1500  # both come first, before anything else


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[1] in ci


def test_drivers_never_import_station() -> None:
    for path in (ROOT / "drivers").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import station" not in text and "from station" not in text, path
