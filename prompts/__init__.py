"""Prompt templates (Vietnamese), loaded by name."""

from importlib.resources import files


def load(name: str) -> str:
    """Return the text of prompts/<name>.txt, shipped with the package."""
    return files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
