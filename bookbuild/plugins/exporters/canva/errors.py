"""What goes wrong with Canva, in words a publisher can act on.

Every message names what bookbuild was doing, Canva's own error code and text,
and the fix. No message ever carries a token: they are built from Canva's
``{"code", "message"}`` bodies and our own words only.
"""

from __future__ import annotations

from bookbuild.errors import BookbuildError, ProviderError, UsageError

from .config import DOCS

LOGIN_AGAIN = "run `bookbuild canva login` again"
ENTERPRISE = (
    "autofilling a brand template needs a Canva Enterprise account; integrations still in "
    f"development get a few trial autofills; see 'Canva Enterprise' in {DOCS}"
)
# Hints for Canva's error codes (request errors and job errors, APIS.md A2-A7).
HINTS = {
    "missing_scope": f"enable these scopes for your integration in the Canva Developer Portal, then {LOGIN_AGAIN} ({DOCS} lists them)",
    "invalid_access_token": LOGIN_AGAIN,
    "revoked_access_token": f"the access was revoked in Canva: {LOGIN_AGAIN}",
    "quota_exceeded": ENTERPRISE,
    "trial_quota_exceeded": ENTERPRISE,
    "autofill_data_invalid": "check the field mapping against the template: `bookbuild canva templates TEMPLATE_ID` lists its fields",
    "design_not_fillable": "the brand template has no autofill fields: add data fields to it in Canva (Apps > Data autofill)",
    "file_too_big": "Canva takes images under 50 MB",
    "import_failed": "Canva could not read the image; check that it opens in an image viewer",
    "license_required": 'set export_quality = "regular" in [canva] of bookbuild.toml, or use a Canva plan with PRO exports',
    "approval_required": "the design needs approval in your Canva team before it can be exported",
}


class NotSignedIn(UsageError):
    def __init__(self, path: object):
        super().__init__(f"not signed in to Canva (no tokens in {path}): run `bookbuild canva login` first")


class SignInExpired(BookbuildError):
    def __init__(self, detail: str):
        super().__init__(f"your Canva sign-in has expired or was revoked ({detail}): {LOGIN_AGAIN}")


class LoginFailed(BookbuildError):
    """Consent denied, state mismatch, no answer: the login did not complete."""


class CanvaError(ProviderError):
    """Canva answered with an error, a job failed, or Canva could not be reached."""

    def __init__(self, doing: str, code: str, message: str, hint: str | None = None, status: int | None = None):
        self.doing, self.code, self.detail, self.status = doing, code, message, status
        hint = hint if hint is not None else HINTS.get(code, "")
        text = f"Canva could not {doing}: {code}: {message}" if code else f"Canva could not {doing}: {message}"
        super().__init__(text + (f" ({hint})" if hint else ""))


class AutofillNotAllowed(CanvaError):
    """A 403 on POST /v1/autofills: the plan has no autofill (not Enterprise)."""

    def __init__(self, doing: str, code: str, message: str):
        super().__init__(doing, code, message, ENTERPRISE + "; if you have Enterprise, check that your Canva user may use this brand template", status=403)
