"""The API's browsable documentation at /api/docs/: the OpenAPI schema (drf-spectacular, the same one
/api/schema/ serves) read into a GOV.UK page. Drawn on the server, so it needs no script, keeps the strict
Content Security Policy, and reads well with a keyboard and a screen reader, which a bundled Swagger UI
does not."""

from __future__ import annotations

from functools import cache

from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict:
    """The schema, made once a process: it changes only with the code."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(node: dict | None, components: dict) -> dict:
    while node and "$ref" in node:
        node = components.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node or {}


def _type(node: dict, components: dict) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        shape = components.get(name, {})
        # A list of values (a session, a mark) is shown as its values, not as the name of a shape.
        return _type(shape, components) if "enum" in shape else name
    if "allOf" in node:
        return " or ".join(_type(part, components) for part in node["allOf"])
    if "oneOf" in node:
        return " or ".join(_type(part, components) for part in node["oneOf"])
    if node.get("type") == "array":
        return f"list of {_type(node.get('items', {}), components)}"
    words = node.get("type", "object")
    if "format" in node:
        words += f" ({node['format']})"
    if "enum" in node:
        words += ": " + ", ".join(str(value) for value in node["enum"] if value is not None)
    return words


def _fields(node: dict | None, components: dict) -> list[dict]:
    shape = _resolve(node, components)
    if shape.get("type") == "array":
        shape = _resolve(shape.get("items"), components)
    required = set(shape.get("required", ()))
    return [
        {
            "name": name,
            "type": _type(field, components),
            "required": name in required,
            "description": field.get("description", ""),
        }
        for name, field in shape.get("properties", {}).items()
    ]


def operations() -> list[dict]:
    spec = schema()
    components = spec.get("components", {}).get("schemas", {})
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "code": code,
                        "description": response.get("description", ""),
                        "type": _type(content["schema"], components) if "schema" in content else "",
                    }
                )
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": _type(parameter.get("schema", {}), components),
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _fields(body.get("schema"), components) if body else [],
                    "body_type": _type(body["schema"], components) if body.get("schema") else "",
                    "responses": responses,
                }
            )
    return found


def shapes() -> list[dict]:
    components = schema().get("components", {}).get("schemas", {})
    return [
        {"name": name, "description": shape.get("description", ""), "fields": _fields(shape, components)}
        for name, shape in sorted(components.items())
        if shape.get("properties")
    ]


@require_GET
def api_docs(request):
    return render(
        request,
        "api/docs.html",
        {"operations": operations(), "shapes": shapes(), "info": schema().get("info", {})},
    )
