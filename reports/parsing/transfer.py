"""CheckResult ↔ JSON, whole and exact, for handing a result across a process boundary.

`CheckResult.to_dict()` is the public contract of `checkreport --json` and leaves out what the
contract does not name (the text, the spans of embedded parts). This codec keeps everything, is
driven by the dataclasses' own type hints, so a field added to a result travels without a
change here, and never executes what it reads (unlike pickle), which matters because the other
side of the pipe has just parsed an untrusted file.

    result_from_json(result_to_json(result)) == result
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import json
import types
import typing
from typing import Any

from .types import CheckResult


def result_to_json(result: CheckResult) -> bytes:
    """The whole result as UTF-8 JSON."""
    return json.dumps(_plain(result), ensure_ascii=False, separators=(",", ":")).encode()


def result_from_json(data: bytes) -> CheckResult:
    """The result `result_to_json` wrote; ValueError when `data` is not such a result."""
    try:
        return _build(CheckResult, json.loads(data))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a check result: {exc}") from exc


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in _fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return [[_plain(key), _plain(item)] for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _build(hint: Any, data: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return None if data is None else _build(options[0], data)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in data)
        return tuple(_build(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is list:
        (arg,) = typing.get_args(hint)
        return [_build(arg, item) for item in data]
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        return {_build(key_hint, key): _build(value_hint, item) for key, item in data}
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(
            **{field.name: _build(hints[field.name], data[field.name]) for field in _fields(hint)}
        )
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(data)
    if hint is datetime.date:
        return datetime.date.fromisoformat(data)
    if hint in (str, int, float, bool) and not isinstance(data, hint):
        raise TypeError(f"expected {hint.__name__}, got {type(data).__name__}")
    return data


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
