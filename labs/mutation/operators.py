"""Mutation operators: the small, realistic changes made to one node of a region's syntax tree.

Each operator looks at one node (and its parent) and proposes replacements for it, each with a
few words saying what changed. The operators follow the mistakes learners make: a comparison
or a boolean turned around, a constant or a status code off by one, a statement or a condition
lost, two arguments swapped, an `await` forgotten, a query's `.where(...)` or `.order_by(...)`
left out, a `flush()` missing.
"""

import ast
import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Proposal = tuple[ast.AST, str]  # the replacement node, and what changed
Operator = Callable[[ast.AST, ast.AST | None], Iterator[Proposal]]

COMPARISONS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
}
# Each status code a handler answers, and the codes a learner confuses it with.
STATUS_NEIGHBOURS: dict[int, tuple[int, ...]] = {
    200: (201,),
    201: (200,),
    204: (200,),
    400: (422,),
    401: (403,),
    403: (401, 404),
    404: (403,),
    409: (422,),
    422: (400,),
    500: (503,),
    503: (500,),
}
STATUS_NAME = re.compile(r"^HTTP_(\d{3})_[A-Z_]+$")
# Calls of a query chain that narrow, order or page it: dropping one still runs.
CHAIN_CALLS = frozenset(
    {"where", "filter", "filter_by", "order_by", "limit", "offset", "desc", "asc", "distinct"}
)
# Awaited calls whose result nobody reads even when it is used: forgetting them is silent.
WRITE_CALLS = frozenset({"flush", "commit"})


@dataclass(frozen=True, slots=True)
class Change:
    """One proposed mutation: replace `node` (in its tree) by `replacement`."""

    operator: str
    node: ast.AST
    replacement: ast.AST
    what: str


def shown(node: ast.AST, limit: int = 60) -> str:
    """A node's source on one line, cut to `limit` characters."""
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _changed(node: ast.AST, replacement: ast.AST) -> str:
    return f"`{shown(node)}` -> `{shown(replacement)}`"


def compare(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """`==` and `!=`, `<` and `<=`, `is` and `is not`, `in` and `not in` swapped."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            for other in COMPARISONS.get(type(op), ()):
                mutant = copy.deepcopy(node)
                mutant.ops[index] = other()
                yield mutant, _changed(node, mutant)


def boolean(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """`and` and `or` swapped or one side dropped, `not` removed, True and False swapped."""
    if isinstance(node, ast.BoolOp):
        swapped = copy.deepcopy(node)
        swapped.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        yield swapped, f"`{old}` -> `{new}` in `{shown(node)}`"
        for index in range(len(node.values)):
            rest = [copy.deepcopy(v) for i, v in enumerate(node.values) if i != index]
            kept = rest[0] if len(rest) == 1 else ast.BoolOp(op=copy.deepcopy(node.op), values=rest)
            yield kept, f"`{shown(node.values[index])}` dropped from `{shown(node)}`"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield copy.deepcopy(node.operand), f"`not` removed from `{shown(node)}`"
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        flipped = ast.Constant(value=not node.value)
        yield flipped, _changed(node, flipped)


def _is_docstring(node: ast.AST, parent: ast.AST | None) -> bool:
    return isinstance(parent, ast.Expr) and isinstance(node, ast.Constant)


def constant(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """Numbers made one more, one less or zero; strings emptied (or, if empty, filled)."""
    if not isinstance(node, ast.Constant) or _is_docstring(node, parent):
        return
    value = node.value
    if isinstance(value, bool):
        return
    if isinstance(value, int | float) and value not in STATUS_NEIGHBOURS:
        for other in dict.fromkeys((value + 1, value - 1, 0)):
            if other != value:
                changed = ast.Constant(value=type(value)(other))
                yield changed, _changed(node, changed)
    elif isinstance(value, str):
        changed = ast.Constant(value="" if value else "mutant")
        yield changed, _changed(node, changed)


def status(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """A status code (200, or HTTP_200_OK) moved to a code a learner confuses it with."""
    code: int | None = None
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    if isinstance(node, ast.Constant) and type(node.value) is int:
        code = node.value
    elif isinstance(name, str) and (match := STATUS_NAME.match(name)):
        code = int(match[1])
    for other in STATUS_NEIGHBOURS.get(code, ()) if code is not None else ():
        # A number, not a name: the neighbour's name may not be imported where the region is.
        changed = ast.Constant(value=other)
        yield changed, _changed(node, changed)


def statement(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """A statement replaced by `pass` (a missing `flush()` is named as such)."""
    if not isinstance(node, ast.stmt) or isinstance(node, ast.Pass | ast.AsyncFunctionDef):
        return
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return  # a docstring or a bare constant: removing it changes nothing
    yield ast.Pass(), f"`{shown(node)}` removed"


def condition(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """`if c:` made `if True:` and `if False:`, the same for `x if c else y`."""
    if isinstance(node, ast.If | ast.IfExp):
        for value in (True, False):
            if isinstance(node.test, ast.Constant) and node.test.value is value:
                continue
            mutant = copy.deepcopy(node)
            mutant.test = ast.Constant(value=value)
            yield mutant, f"condition `{shown(node.test)}` made `{value}`"


def arguments(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """Two neighbouring arguments of a call swapped (positional ones, or keyword values)."""
    if not isinstance(node, ast.Call):
        return
    args = node.args
    for index in range(len(args) - 1):
        first, second = args[index], args[index + 1]
        if isinstance(first, ast.Starred) or isinstance(second, ast.Starred):
            continue
        if ast.dump(first) == ast.dump(second):
            continue
        mutant = copy.deepcopy(node)
        mutant.args[index], mutant.args[index + 1] = mutant.args[index + 1], mutant.args[index]
        yield mutant, f"arguments `{shown(first, 30)}` and `{shown(second, 30)}` swapped"
    keywords = node.keywords
    for index in range(len(keywords) - 1):
        first_kw, second_kw = keywords[index], keywords[index + 1]
        if first_kw.arg is None or second_kw.arg is None:
            continue
        if ast.dump(first_kw.value) == ast.dump(second_kw.value):
            continue
        mutant = copy.deepcopy(node)
        one, two = mutant.keywords[index], mutant.keywords[index + 1]
        one.value, two.value = two.value, one.value
        yield mutant, f"values of `{first_kw.arg}=` and `{second_kw.arg}=` swapped"


def _called_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def await_(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """`await` dropped where nothing reads the result, or from a flush/commit."""
    if not isinstance(node, ast.Await):
        return
    if isinstance(parent, ast.Expr) or _called_name(node.value) in WRITE_CALLS:
        yield copy.deepcopy(node.value), f"`await` dropped from `{shown(node)}`"


def chain(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """A `.where(...)`, `.order_by(...)`, `.limit(...)`, `.desc()`... dropped from a chain."""
    name = _called_name(node)
    if name in CHAIN_CALLS and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        kept = copy.deepcopy(node.func.value)
        if node.args or node.keywords:
            inside = shown(ast.Call(func=ast.Name(id=""), args=node.args, keywords=node.keywords))
            yield kept, f"`.{name}{inside}` dropped"
        else:  # `.desc()`: say what it was called on, there may be two on a line
            yield kept, f"`.{name}()` dropped from `{shown(node)}`"


def arithmetic(node: ast.AST, parent: ast.AST | None) -> Iterator[Proposal]:
    """`+` and `-`, `*` and `/` swapped."""
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        mutant = copy.deepcopy(node)
        mutant.op = ARITHMETIC[type(node.op)]()
        yield mutant, _changed(node, mutant)


OPERATORS: dict[str, Operator] = {
    "compare": compare,
    "boolean": boolean,
    "constant": constant,
    "status": status,
    "statement": statement,
    "condition": condition,
    "arguments": arguments,
    "await": await_,
    "chain": chain,
    "arithmetic": arithmetic,
}


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _named(operator: str, node: ast.AST) -> str:
    """Statement removals of a flush or commit are counted as the `flush` operator."""
    if operator == "statement" and isinstance(node, ast.Expr):
        inner = node.value.value if isinstance(node.value, ast.Await) else node.value
        if _called_name(inner) in WRITE_CALLS:
            return "flush"
    return operator


def changes(tree: ast.AST, operators: dict[str, Operator] = OPERATORS) -> Iterator[Change]:
    """Every change the operators propose anywhere in `tree`, in a stable order."""
    parents = _parents(tree)
    # `{x:>4}` in an f-string: its format spec is layout, not logic.
    specs = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None
        for inner in ast.walk(node.format_spec)
    }
    for node in ast.walk(tree):
        if id(node) in specs:
            continue
        parent = parents.get(id(node))
        for name, operator in operators.items():
            for replacement, what in operator(node, parent):
                yield Change(_named(name, node), node, replacement, what)


def replaced(tree: ast.Module, change: Change) -> ast.Module:
    """A copy of `tree` with the change made; the original tree is left as it was."""
    memo: dict[int, object] = {}
    mutant = copy.deepcopy(tree, memo)
    target = memo[id(change.node)]
    for node in ast.walk(mutant):
        for field, value in ast.iter_fields(node):
            if value is target:
                setattr(node, field, change.replacement)
                return mutant
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if item is target:
                        value[index] = change.replacement
                        return mutant
    raise ValueError(f"{shown(change.node)} is not in the tree")
