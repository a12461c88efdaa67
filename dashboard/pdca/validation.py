"""Input checks with one clear Dutch message per problem, for the pages and the tests."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)

# Long enough for a real reflection, short enough that a pasted document is refused.
MAX_TEXT_CHARS = 5_000
MAX_SHORT_TEXT_CHARS = 200


class InvalidInput(ValueError):
    """Input that cannot be saved; `messages` holds one Dutch sentence per problem."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _message(error: Any, titles: dict[str, str]) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    label = titles.get(field, field)
    kind = error["type"]
    context = error.get("ctx") or {}
    empty = error.get("input") is None or error.get("input") == ""
    if kind in ("missing", "string_too_short") or (empty and kind.endswith(("_type", "_parsing"))):
        return f"{label}: dit veld is verplicht."
    if kind == "string_too_long":
        return f"{label}: te lang (maximaal {context.get('max_length')} tekens)."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{label}: moet minstens {context.get('ge', context.get('gt'))} zijn."
    if kind in ("less_than_equal", "less_than"):
        return f"{label}: mag hoogstens {context.get('le', context.get('lt'))} zijn."
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type", "finite_number"):
        return f"{label}: vul een getal in."
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return f"{label}: vul een datum in."
    if kind == "literal_error":
        return f"{label}: kies een van {context.get('expected')}."
    text = str(error["msg"]).removeprefix("Value error, ")
    return f"{label}: {text}" if field else text


def validate(
    model: type[Model], data: dict[str, Any], context: dict[str, Any] | None = None
) -> Model:
    """`model` built from `data`, or InvalidInput listing every problem in Dutch."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        titles = {name: (info.title or name) for name, info in model.model_fields.items()}
        messages = [_message(e, titles) for e in error.errors()]
        # A check across fields reports several problems in one error, one per line.
        raise InvalidInput([line for m in messages for line in m.splitlines()]) from None
