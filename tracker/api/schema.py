"""The API's OpenAPI schema: drf-spectacular's, with the errors every read can answer, so that a client built
from the schema knows them: 400 (a filter's value is not valid: each parameter with its messages), 401 (no or a
bad token), 403 (not allowed to read this), 404 (no such object, or a page past the last)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes

_TEXT = build_basic_type(OpenApiTypes.STR)
_DETAIL = build_object_type(properties={"detail": _TEXT}, required=["detail"])
ERRORS = {
    "400": ("a parameter is not valid: each parameter with its messages",
            build_object_type(additionalProperties=build_array_type(_TEXT))),
    "401": ("no credentials, or bad ones", _DETAIL),
    "403": ("these credentials may not read this", _DETAIL),
    "404": ("no such object, or a page past the last", _DETAIL),
}


class LuoshiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        for code, (description, schema) in ERRORS.items():
            responses.setdefault(code, {"description": description,
                                        "content": {"application/json": {"schema": schema}}})
        return responses
