"""The small, safe expression language of checklist conditions (``when:``).

Grammar (a subset of Python's, parsed with ``ast`` and walked here, never ``eval``'d):
names of earlier steps, string/number/boolean literals, lists, ``==  !=  <  <=  >  >=``,
``in``/``not in``, ``and``/``or``/``not``, and ``answered(step)``. A step not yet answered
reads as None. Anything else is refused when the checklist is loaded.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any


class ExpressionError(ValueError):
    pass


_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a is not None and b is not None and a < b,
    ast.LtE: lambda a, b: a is not None and b is not None and a <= b,
    ast.Gt: lambda a, b: a is not None and b is not None and a > b,
    ast.GtE: lambda a, b: a is not None and b is not None and a >= b,
    ast.In: lambda a, b: b is not None and a in b,
    ast.NotIn: lambda a, b: b is None or a not in b,
}


class Expression:
    def __init__(self, source: str) -> None:
        self.source = source
        try:
            self.tree = ast.parse(source, mode="eval").body
        except SyntaxError as err:
            raise ExpressionError(f"condition illisible : {source!r}") from err
        self.names: set[str] = set()
        self._check(self.tree)

    def _check(self, node: ast.AST) -> None:
        if isinstance(node, ast.BoolOp) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            for child in ast.iter_child_nodes(node):
                if not isinstance(child, (ast.boolop, ast.unaryop)):
                    self._check(child)
        elif isinstance(node, ast.Compare):
            if not all(type(op) in _COMPARE for op in node.ops):
                raise ExpressionError(f"opérateur non permis dans {self.source!r}")
            for child in (node.left, *node.comparators):
                self._check(child)
        elif isinstance(node, ast.Name):
            self.names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(
            node.value, (str, int, float, bool, type(None))
        ):
            pass
        elif isinstance(node, (ast.List, ast.Tuple)):
            for element in node.elts:
                self._check(element)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "answered"
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.Name)
        ):
            self.names.add(node.args[0].id)
        else:
            raise ExpressionError(f"élément non permis dans la condition {self.source!r}")

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return bool(self._eval(self.tree, answers))

    def _eval(self, node: ast.AST, answers: Mapping[str, Any]) -> Any:
        if isinstance(node, ast.BoolOp):
            values = (self._eval(v, answers) for v in node.values)
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.UnaryOp):
            return not self._eval(node.operand, answers)
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, answers)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = self._eval(right_node, answers)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.Name):
            return answers.get(node.id)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self._eval(e, answers) for e in node.elts]
        if isinstance(node, ast.Call):
            return answers.get(node.args[0].id) is not None  # type: ignore[attr-defined]
        raise ExpressionError(self.source)  # unreachable: _check refused it
