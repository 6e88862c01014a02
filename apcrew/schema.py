"""OpenAPI schema generation: every operation documents its error responses."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

ERRORS = {
    "400": "Invalid input: a JSON object of messages per field.",
    "401": "Not authenticated: log in or send `Authorization: Bearer <token>`.",
    "403": "Your role on this production does not allow this.",
    "404": "No such object among your productions.",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the errors the permission spine can answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        for code, description in ERRORS.items():
            if code == "400" and method in {"GET", "DELETE"}:
                continue
            responses.setdefault(
                code, self._get_response_for_code(OpenApiResponse(description=description),
                                                  code, direction=direction)
            )
        return responses
