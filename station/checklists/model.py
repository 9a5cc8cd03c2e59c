"""Checklists as data: loading YAML files, validating them, naming the line of any mistake."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from station.assets import assets_dir
from station.checklists.expressions import Expression, ExpressionError

if TYPE_CHECKING:
    import jsonschema

PHASES = ("before", "during", "after")


class ChecklistError(Exception):
    """A checklist file is wrong; the message names the file, the line and the field."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Option:
    value: str
    label: dict[str, str]
    stop: dict[str, str] | None = None  # orientation to give: the teleconsultation ends here
    exclusive: bool = False  # "none of these": never ticked with another option


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    text: dict[str, str]
    phase: str
    required: bool = True
    when: Expression | None = None
    device: str | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    options: tuple[Option, ...] = ()
    help: dict[str, str] | None = None
    adhoc: bool = False  # added during the call (a doctor's request)
    region: str | None = None  # an auscultation's: "heart" or "lungs"
    report: str | None = None  # the report's section: reason, context, screening, follow-up

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Checklist:
    id: str
    title: dict[str, str]
    steps: tuple[Step, ...]
    source: str = ""
    description: dict[str, str] = field(default_factory=dict)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    # Imported on first use: jsonschema costs 60-80 ms, before the window could show.
    import jsonschema

    schema = json.loads((assets_dir() / "schemas" / "checklist.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _line_of(node: yaml.Node, path: list[Any]) -> int:
    """1-based line of the YAML node at a JSON path (as deep as it exists)."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node = match
    return node.start_mark.line + 1


# libyaml's parser when PyYAML was built with it (Debian's and the wheels are): the pure-Python
# one took most of a checklist's loading time.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_text(text: str, source: str = "<texte>") -> Checklist:
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # a safe loader: no object tags
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", ligne {mark.line + 1}" if mark else ""
        raise ChecklistError(
            f"{source}{line} : YAML illisible ({getattr(err, 'problem', err)})."
        ) from err
    if data is None:
        raise ChecklistError(f"{source} : fichier vide.")
    composed: list[yaml.Node] = []

    def line_at(path: list[Any]) -> int:
        """The line of a node, for an error message (the text is composed only then)."""
        if not composed:
            composed.append(yaml.compose(text, Loader=SAFE_LOADER))
        return _line_of(composed[0], path)

    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(racine)"
        raise ChecklistError(
            f"{source}, ligne {line_at(list(err.absolute_path))}, champ {where} : {err.message}"
        )
    steps: list[Step] = []
    seen: set[str] = set()
    for phase in PHASES:
        for index, raw in enumerate(data["phases"][phase]):
            here = ["phases", phase, index]
            if raw["id"] in seen:
                raise ChecklistError(
                    f"{source}, ligne {line_at(here)} : étape « {raw['id']} » en double."
                )
            when = None
            if "when" in raw:
                try:
                    when = Expression(raw["when"])
                except ExpressionError as err:
                    raise ChecklistError(
                        f"{source}, ligne {line_at(here)}, champ when : {err}"
                    ) from err
                unknown = when.names - seen
                if unknown:
                    raise ChecklistError(
                        f"{source}, ligne {line_at(here)}, champ when : la condition cite une "
                        f"étape qui ne la précède pas ({', '.join(sorted(unknown))})."
                    )
            seen.add(raw["id"])
            steps.append(
                Step(
                    id=raw["id"],
                    kind=raw["kind"],
                    text=raw["text"],
                    phase=phase,
                    required=raw.get("required", raw["kind"] != "info"),
                    when=when,
                    device=raw.get("device"),
                    unit=raw.get("unit"),
                    min=raw.get("min"),
                    max=raw.get("max"),
                    help=raw.get("help"),
                    report=raw.get("report"),
                    options=tuple(
                        Option(o["value"], o["label"], o.get("stop"), o.get("exclusive", False))
                        for o in raw.get("options", [])
                    ),
                )
            )
    return Checklist(data["id"], data["title"], tuple(steps), source, data.get("description", {}))


def load(path: Path) -> Checklist:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ChecklistError(f"{path} : fichier illisible ({err.strerror}).") from err
    return load_text(text, str(path))


def shipped() -> dict[str, Checklist]:
    """Every checklist shipped in ``assets/checklists``, by id.

    Parsed once per version of the files (the home screen asks on each refresh, a resume
    again): a changed file is read again, an unchanged one never."""
    paths = sorted((assets_dir() / "checklists").glob("*.yaml"))
    versions = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return dict(_shipped(versions))


@cache
def _shipped(versions: tuple[tuple[str, int, int], ...]) -> dict[str, Checklist]:
    found = {}
    for name, _, _ in versions:
        checklist = load(Path(name))
        found[checklist.id] = checklist
    return found
