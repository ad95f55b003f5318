"""The two steps of a sign-in, as JSON: the password (which leaves the sign-in
pending in the session), then a TOTP code checked by django-otp
(`match_token`, which throttles failures and refuses a code used before), after
which the user is logged in (`login` gives the session a new key) and marked
verified (`otp_login`)."""
import json

from django.contrib.auth import authenticate, get_user_model, login
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token


def _body(request):
    try:
        value = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@csrf_exempt
@require_POST
def login_view(request):
    body = _body(request)
    if body is None:
        return JsonResponse({"error": "bad_request"}, status=400)
    user = authenticate(request, username=body.get("username", ""), password=body.get("password", ""))
    if user is None:
        return JsonResponse({"error": "invalid_credentials"}, status=401)
    request.session["pending_user"] = user.pk
    return JsonResponse({"status": "second-factor-required"})


@csrf_exempt
@require_POST
def verify_view(request):
    body = _body(request)
    pending = request.session.get("pending_user")
    if body is None or pending is None or not isinstance(body.get("code"), str):
        return JsonResponse({"error": "no_login_in_progress"}, status=400)
    user = get_user_model().objects.get(pk=pending)
    device = match_token(user, body["code"])
    if device is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    del request.session["pending_user"]
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    return JsonResponse({"status": "signed-in", "verified": True})


urlpatterns = [
    path("login", login_view),
    path("verify", verify_view),
]
