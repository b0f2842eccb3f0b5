"""The lab's Django app (app.test/django/): a Django project with Django REST framework, as a Django back end of a
single-page app is commonly set up, served by Django's own development server (`runserver`).

The lab's Node server passes it the requests of app.test whose path starts with /django/ (the page
and its API on one origin, as a front end's dev-server proxy puts them), Host header unchanged, so
Django's CSRF protection checks the browser's Origin against the page's own host.

- /django/csrf: sets the `csrftoken` cookie (`ensure_csrf_cookie`, what an SPA calls first).
- /django/login: a plain Django view behind `CsrfViewMiddleware`; signs in with `login()`, which
  starts a new session and rotates the CSRF token; answers the user's REST framework token.
- /django/api/notes: a REST framework view with its defaults set here: SessionAuthentication and
  IsAuthenticated (a missing session is a 403; a session's unsafe request without the CSRF token
  is refused by SessionAuthentication, a 403 "CSRF Failed: ...").
- /django/api/token-notes: TokenAuthentication only (`Authorization: Token <key>`; a 401 with
  `WWW-Authenticate: Token`).
- /django/lab/reset: the lab's own (not the page's): ends every session, so each recording starts
  from the same state.

Nothing here is why401's: the answers are Django's and the REST framework's, in their words.
Run: python django_app.py PORT DB_PATH
"""
import json
import sys

import django
from django.conf import settings

USER = ("dana", "Correct-Horse-7")
TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"


def configure(db):
    settings.configure(
        DEBUG=False,
        SECRET_KEY="lab-only-key-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=["app.test", "127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "rest_framework",
            "rest_framework.authtoken",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db}},
        USE_TZ=True,
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "rest_framework.authentication.SessionAuthentication"
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        },
    )
    django.setup()


configure(sys.argv[2] if len(sys.argv) > 2 else ":memory:")

from django.contrib.auth import authenticate, login  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie  # noqa: E402
from rest_framework.authentication import TokenAuthentication  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

NOTES = []


@ensure_csrf_cookie
def csrf(request):
    return JsonResponse({"ok": True})


def sign_in(request):
    if request.method != "POST":
        return JsonResponse({"detail": "POST only"}, status=405)
    body = json.loads(request.body or b"{}")
    user = authenticate(request, username=body.get("username"), password=body.get("password"))
    if user is None:
        return JsonResponse({"detail": "Invalid username or password."}, status=400)
    login(request, user)
    from rest_framework.authtoken.models import Token

    return JsonResponse({"username": user.username, "token": Token.objects.get(user=user).key})


class Notes(APIView):
    def get(self, request):
        return Response({"user": request.user.username, "notes": NOTES})

    def post(self, request):
        NOTES.append(str(request.data.get("text", "")))
        return Response({"notes": NOTES}, status=201)


class TokenNotes(APIView):
    authentication_classes = [TokenAuthentication]

    def get(self, request):
        return Response({"user": request.user.username, "notes": NOTES})


@csrf_exempt
def reset(request):
    Session.objects.all().delete()
    NOTES.clear()
    return JsonResponse({"ok": True})


urlpatterns = [
    path("django/csrf", csrf),
    path("django/login", sign_in),
    path("django/api/notes", Notes.as_view()),
    path("django/api/token-notes", TokenNotes.as_view()),
    path("django/lab/reset", reset),
]


def main():
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_user(USER[0], password=USER[1])
    Token.objects.create(user=user, key=TOKEN)
    call_command("runserver", f"127.0.0.1:{sys.argv[1]}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
