"""The README's two commands are the ones CI runs."""

from __future__ import annotations

from conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_install_and_open_then_install_and_test() -> None:
    first, second = readme_commands()
    assert "pip install" in first and first.endswith("factsheet demo")
    assert "pip install" in second and second.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()
