"""API errors: an HTTP status and a JSON body that names what was wrong, in Arabic and English."""
from django.http import JsonResponse

UTF8_JSON = {"ensure_ascii": False}


class ApiError(Exception):
    """A request the API refuses: ``code`` for programs, ``ar``/``en`` for people, ``param`` for the culprit."""

    status = 400

    def __init__(self, code, ar, en, param=None, status=None):
        super().__init__(en)
        self.code, self.ar, self.en, self.param = code, ar, en, param
        if status:
            self.status = status

    def as_dict(self):
        return {"code": self.code, "message": {"ar": self.ar, "en": self.en}, "param": self.param}

    def response(self):
        return JsonResponse(self.as_dict(), status=self.status, json_dumps_params=UTF8_JSON)
