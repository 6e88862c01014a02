"""Safe arithmetic formulas over named globals, in exact Decimal arithmetic.

A tiny tokenizer and recursive-descent parser; nothing is ever passed to
Python's `eval`. The grammar:

    expr    := term (("+" | "-") term)*
    term    := factor (("*" | "/") factor)*
    factor  := ("+" | "-") factor | atom
    atom    := NUMBER | NAME | NAME "(" expr ("," expr)* ")" | "(" expr ")"

NAME is a global (letters, digits, underscore; not starting with a digit).
Functions: MIN, MAX, ROUND(x[, places]), CEIL, FLOOR. Numbers are decimals
("1.1", "1,000" is refused: use "1000"). A plain number is a formula too.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

MAX_LENGTH = 200
MAX_DEPTH = 40
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TOKEN_RE = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))", re.ASCII)
_NUMBER_RE = re.compile(r"^\s*(\d+(\.\d*)?|\.\d+)\s*$", re.ASCII)
FUNCTIONS = {"MIN", "MAX", "ROUND", "CEIL", "FLOOR"}


class FormulaError(ValueError):
    """A formula that cannot be read or evaluated; the message says why, for people."""


# A parsed formula is a nested tuple:
#   ("num", Decimal) | ("name", str) | ("neg", node) | (op, left, right) | ("call", fn, [args])
Node = tuple


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        if match is None:  # pragma: no cover - the last alternative matches anything
            raise FormulaError(f"Cannot read “{text[position:]}”.")
        number, name, other = match.groups()
        if number is not None:
            tokens.append(("num", number))
        elif name is not None:
            tokens.append(("name", name))
        elif other in "+-*/(),":
            tokens.append(("op", other))
        else:
            raise FormulaError(f"“{other}” is not allowed in a formula (use + - * / and brackets).")
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FormulaError("The formula ends too early.")
        self.position += 1
        return token

    def expect(self, op: str) -> None:
        token = self.take()
        if token != ("op", op):
            raise FormulaError(f"Expected “{op}” but found “{token[1]}”.")

    def parse(self) -> Node:
        if not self.tokens:
            raise FormulaError("The formula is empty.")
        node = self.expr()
        if self.peek() is not None:
            raise FormulaError(f"Unexpected “{self.peek()[1]}”.")
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = (op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = (op, node, self.factor())
        return node

    def factor(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("The formula is nested too deeply.")
        try:
            token = self.peek()
            if token == ("op", "-"):
                self.take()
                return ("neg", self.factor())
            if token == ("op", "+"):
                self.take()
                return self.factor()
            return self.atom()
        finally:
            self.depth -= 1

    def atom(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return ("num", Decimal(value))
        if kind == "name":
            if self.peek() == ("op", "("):
                function = value.upper()
                if function not in FUNCTIONS:
                    raise FormulaError(f"Unknown function “{value}”.")
                self.take()
                args = [self.expr()]
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
                self.expect(")")
                _check_arity(function, len(args))
                return ("call", function, args)
            return ("name", value)
        if (kind, value) == ("op", "("):
            node = self.expr()
            self.expect(")")
            return node
        raise FormulaError(f"Unexpected “{value}”.")


def _check_arity(function: str, count: int) -> None:
    if function in {"MIN", "MAX"} and count < 2:
        raise FormulaError(f"{function} needs at least two values.")
    if function == "ROUND" and count not in (1, 2):
        raise FormulaError("ROUND takes a value and optionally the number of decimal places.")
    if function in {"CEIL", "FLOOR"} and count != 1:
        raise FormulaError(f"{function} takes one value.")


@lru_cache(maxsize=8192)
def parse(text: str) -> Node:
    """Parse a formula (cached: the same text always gives the same tree)."""
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"A formula may be at most {MAX_LENGTH} characters.")
    return _Parser(text).parse()


def names(node: Node) -> set[str]:
    """The global names a parsed formula refers to."""
    kind = node[0]
    if kind == "num":
        return set()
    if kind == "name":
        return {node[1]}
    if kind == "neg":
        return names(node[1])
    if kind == "call":
        return set().union(*(names(arg) for arg in node[2]))
    return names(node[1]) | names(node[2])


def evaluate(node: Node, env: dict[str, Decimal]) -> Decimal:
    """Evaluate a parsed formula; every name must be in env."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "name":
        try:
            return env[node[1]]
        except KeyError:
            raise FormulaError(f"Unknown name “{node[1]}”: define it as a global.") from None
    if kind == "neg":
        return -evaluate(node[1], env)
    if kind == "call":
        args = [evaluate(arg, env) for arg in node[2]]
        return _call(node[1], args)
    left, right = evaluate(node[1], env), evaluate(node[2], env)
    try:
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        if right == 0:
            raise FormulaError("Division by zero.")
        return left / right
    except InvalidOperation as exc:
        raise FormulaError("The result is out of range.") from exc


def _call(function: str, args: list[Decimal]) -> Decimal:
    if function == "MIN":
        return min(args)
    if function == "MAX":
        return max(args)
    if function == "CEIL":
        return args[0].to_integral_value(rounding=ROUND_CEILING)
    if function == "FLOOR":
        return args[0].to_integral_value(rounding=ROUND_FLOOR)
    places = int(args[1]) if len(args) > 1 else 0
    if not 0 <= places <= 6:
        raise FormulaError("ROUND keeps between 0 and 6 decimal places.")
    return args[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(text: str) -> Decimal | None:
    """A plain decimal number, or None when the text is a formula (fast path)."""
    if not isinstance(text, str) or not _NUMBER_RE.match(text):
        return None
    return Decimal(text.strip())


def compute(text: str, env: dict[str, Decimal]) -> Decimal:
    """Evaluate formula text against globals (parse errors raise FormulaError)."""
    value = number(text)
    if value is not None:
        return value
    return evaluate(parse(text), env)


def evaluate_globals(expressions: dict[str, str]) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Evaluate globals that may refer to each other.

    Returns (values, errors): errors maps a global's name to a message; a cycle
    names every global on it ("A -> B -> A"). A global whose formula refers to
    a broken global is reported too, so nothing silently evaluates to zero.
    """
    values: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    parsed: dict[str, Node] = {}
    for name, text in expressions.items():
        try:
            parsed[name] = parse(text)
        except FormulaError as exc:
            errors[name] = str(exc)

    state: dict[str, str] = {}  # "visiting" | "done"

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycle = [*path[path.index(name):], name]
            message = "Circular reference: " + " -> ".join(cycle) + "."
            for member in cycle:
                errors.setdefault(member, message)
            return
        state[name] = "visiting"
        node = parsed.get(name)
        if node is not None:
            for dependency in sorted(names(node)):
                if dependency not in expressions:
                    errors.setdefault(name, f"Unknown name “{dependency}”: define it as a global.")
                    continue
                visit(dependency, [*path, name])
                if dependency in errors:
                    errors.setdefault(name, f"Uses “{dependency}”, which has an error.")
            if name not in errors:
                try:
                    values[name] = evaluate(node, values)
                except FormulaError as exc:
                    errors[name] = str(exc)
        state[name] = "done"

    for name in expressions:
        visit(name, [])
    return values, errors
