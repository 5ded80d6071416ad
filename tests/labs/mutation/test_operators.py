"""Each mutation operator on small snippets: what it changes, and what it leaves alone."""

import ast

import pytest

from labs.mutation.operators import OPERATORS, changes, replaced


def mutated(operator: str, source: str) -> set[str]:
    """Every mutant one operator makes of a snippet, as source."""
    tree = ast.parse(source)
    found = changes(tree, {operator: OPERATORS[operator]})
    return {ast.unparse(replaced(tree, change)) for change in found}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a == b", {"a != b"}),
        ("a != b", {"a == b"}),
        ("a < b", {"a <= b", "a > b"}),
        ("a >= b", {"a > b", "a < b"}),
        ("x is None", {"x is not None"}),
        ("k not in d", {"k in d"}),
        ("a + b", set()),
    ],
)
def test_compare_swaps_comparisons(source: str, expected: set[str]) -> None:
    assert mutated("compare", source) == expected


def test_compare_changes_each_link_of_a_chain_apart() -> None:
    assert mutated("compare", "0 <= i < n") == {
        "0 < i < n",
        "0 > i < n",
        "0 <= i <= n",
        "0 <= i > n",
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a and b", {"a or b", "a", "b"}),
        ("a or b or c", {"a and b and c", "b or c", "a or c", "a or b"}),
        ("not a", {"a"}),
        ("x = True", {"x = False"}),
        ("x = 1", set()),
    ],
)
def test_boolean_swaps_and_drops(source: str, expected: set[str]) -> None:
    assert mutated("boolean", source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("n = 5", {"n = 6", "n = 4", "n = 0"}),
        ("n = 0", {"n = 1", "n = -1"}),
        ("n = 1.5", {"n = 2.5", "n = 0.5", "n = 0.0"}),
        ("s = 'ok'", {"s = ''"}),
        ("s = ''", {"s = 'mutant'"}),
        ("'a docstring'", set()),
        ("code = 404", set()),  # a status code: the status operator moves it
        ("flag = True", set()),  # a boolean: the boolean operator flips it
    ],
)
def test_constant_changes_numbers_and_strings(source: str, expected: set[str]) -> None:
    assert mutated("constant", source) == expected


def test_constant_leaves_format_specs_alone() -> None:
    assert mutated("constant", "f'{x:>4}'") == set()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("r = 404", {"r = 403"}),
        ("r = 403", {"r = 401", "r = 404"}),
        ("r = 201", {"r = 200"}),
        ("r = HTTP_200_OK", {"r = 201"}),
        ("r = status_codes.HTTP_422_UNPROCESSABLE_ENTITY", {"r = 400"}),
        ("r = 7", set()),
        ("r = HTTP_VERSION", set()),
    ],
)
def test_status_moves_codes_to_a_neighbour(source: str, expected: set[str]) -> None:
    assert mutated("status", source) == expected


def test_statement_replaces_each_statement_by_pass() -> None:
    assert mutated("statement", "a()\nif c:\n    b()") == {
        "pass\nif c:\n    b()",
        "a()\npass",
        "a()\nif c:\n    pass",
    }


def test_statement_leaves_pass_and_docstrings() -> None:
    assert mutated("statement", "'doc'\npass") == set()


def test_removing_a_flush_is_named_flush() -> None:
    tree = ast.parse("await session.flush()\nsession.add(row)")
    names = {change.operator for change in changes(tree, {"statement": OPERATORS["statement"]})}
    assert names == {"flush", "statement"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("if c:\n    a()", {"if True:\n    a()", "if False:\n    a()"}),
        ("x = a if c else b", {"x = a if True else b", "x = a if False else b"}),
        ("if True:\n    a()", {"if False:\n    a()"}),
    ],
)
def test_condition_makes_tests_constant(source: str, expected: set[str]) -> None:
    assert mutated("condition", source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("f(a, b, c)", {"f(b, a, c)", "f(a, c, b)"}),
        ("f(a, a)", set()),
        ("f(a, *rest)", set()),
        ("f(x=1, y=2)", {"f(x=2, y=1)"}),
        ("f(x=1, **more)", set()),
    ],
)
def test_arguments_swaps_neighbours(source: str, expected: set[str]) -> None:
    assert mutated("arguments", source) == expected


def test_await_is_dropped_where_nothing_reads_it_or_from_a_flush() -> None:
    source = "await g()\nx = await h()\ny = await s.flush()\nawait s.commit()"
    assert mutated("await", source) == {
        "g()\nx = await h()\ny = await s.flush()\nawait s.commit()",
        "await g()\nx = await h()\ny = s.flush()\nawait s.commit()",
        "await g()\nx = await h()\ny = await s.flush()\ns.commit()",
    }


def test_chain_drops_query_calls_and_nothing_else() -> None:
    source = "q = select(A).where(c).order_by(d.desc()).limit(5)\nt = ', '.join(x)"
    assert mutated("chain", source) == {
        "q = select(A).order_by(d.desc()).limit(5)\nt = ', '.join(x)",
        "q = select(A).where(c).limit(5)\nt = ', '.join(x)",
        "q = select(A).where(c).order_by(d).limit(5)\nt = ', '.join(x)",
        "q = select(A).where(c).order_by(d.desc())\nt = ', '.join(x)",
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [("a + b", {"a - b"}), ("a - b", {"a + b"}), ("a * b", {"a / b"}), ("a % b", set())],
)
def test_arithmetic_swaps_operators(source: str, expected: set[str]) -> None:
    assert mutated("arithmetic", source) == expected


def test_replaced_leaves_the_original_tree_unchanged() -> None:
    tree = ast.parse("if a == b:\n    c()")
    before = ast.dump(tree)
    for change in changes(tree):
        replaced(tree, change)
    assert ast.dump(tree) == before


def test_every_change_says_what_it_changed() -> None:
    tree = ast.parse("if a == b and not c:\n    return f(x, y=1).where(z)")
    for change in changes(tree):
        assert change.what, change
        assert "\n" not in change.what, change
