"""The Canva Connect REST client: asset uploads, brand templates, autofills, exports.

Each call adds the bearer token from the Session, refreshes it once on a 401, and
turns Canva's errors into CanvaError messages. Asset uploads, autofills and
exports are asynchronous jobs: create, then poll (500 ms x 1.6^n, capped at 10 s,
as Canva's starter kit does) until the job succeeds or fails. Export download
URLs are signed and expire (24 h): they are fetched at once, without the token.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .errors import LOGIN_AGAIN, AutofillNotAllowed, CanvaError
from .transport import Http, error_of

if TYPE_CHECKING:
    from .oauth import Session

TITLE_MAX = 255  # autofill design titles (APIS.md A4)
ASSET_NAME_MAX = 50  # unencoded asset names (APIS.md A2)


@dataclass
class Poll:
    first: float = 0.5
    factor: float = 1.6
    cap: float = 10.0
    timeout: float = 600.0  # seconds one job may stay in progress
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.first * self.factor**attempt)


@dataclass
class Design:
    id: str
    title: str = ""
    page_count: int | None = None
    trial_uses_remaining: int | None = None  # only for accounts on the autofill trial


@dataclass
class CanvaClient:
    api: str  # REST base URL, e.g. https://api.canva.com/rest
    session: Session
    http: Http = field(default_factory=Http)
    poll: Poll = field(default_factory=Poll)

    def close(self) -> None:
        self.http.close()

    # -- requests -----------------------------------------------------------------------

    def request(self, method: str, path: str, doing: str, **kwargs: Any) -> dict[str, Any]:
        """A JSON call with the bearer token; on a 401 the token is refreshed once and the call repeated."""
        headers = kwargs.pop("headers", {})
        for attempt in (1, 2):
            token = self.session.access_token()
            response = self.http.send(method, self.api + path, doing, headers={**headers, "Authorization": f"Bearer {token}"}, **kwargs)
            if response.status_code != 401 or attempt == 2:
                break
            self.session.refresh(token)
        if 200 <= response.status_code < 300:
            return response.json()
        code, message = error_of(response)
        hint = LOGIN_AGAIN if response.status_code == 401 else None
        raise CanvaError(doing, code, message, hint, status=response.status_code)

    def wait_for(self, path: str, job: dict[str, Any], doing: str) -> dict[str, Any]:
        """Poll GET {path}/{job id} while the job is in progress; the finished job, or an error."""
        deadline = self.poll.clock() + self.poll.timeout
        attempt = 0
        while job.get("status") == "in_progress":
            if self.poll.clock() > deadline:
                raise CanvaError(doing, "timeout", f"job {job.get('id')} was still in progress after {self.poll.timeout:.0f} s", "Canva may be busy: run it again later (what finished is cached), or raise job_timeout in [canva]")
            self.poll.sleep(self.poll.delay(attempt))
            attempt += 1
            job = self.request("GET", f"{path}/{job['id']}", doing)["job"]
        if job.get("status") == "failed":
            error = job.get("error") or {}
            raise CanvaError(doing, str(error.get("code", "failed")), str(error.get("message", "the job failed")))
        if job.get("status") != "success":
            raise CanvaError(doing, "unexpected_status", f"job {job.get('id')} ended with status {job.get('status')!r}")
        return job

    # -- the operations -------------------------------------------------------------------

    def whoami(self) -> dict[str, str]:
        """{"user_id", "team_id"} of the signed-in user (GET /v1/users/me)."""
        return self.request("GET", "/v1/users/me", "tell who is signed in").get("team_user", {})

    def brand_templates(self, limit: int = 100) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": min(limit, 100), "dataset": "non_empty"}
        while len(items) < limit:
            page = self.request("GET", "/v1/brand-templates", "list your brand templates", params=params)
            items += page.get("items", [])
            if not page.get("continuation"):
                break
            params["continuation"] = page["continuation"]
        return items[:limit]

    def brand_template(self, template_id: str) -> dict[str, Any]:
        doing = f"find brand template {template_id}"
        try:
            return self.request("GET", f"/v1/brand-templates/{template_id}", doing)["brand_template"]
        except CanvaError as exc:
            if exc.status == 404:
                raise CanvaError(doing, exc.code, exc.detail, "check brand_template_id; `bookbuild canva templates` lists the templates you can use", status=404) from None
            raise

    def dataset(self, template_id: str) -> dict[str, dict[str, Any]]:
        return self.request("GET", f"/v1/brand-templates/{template_id}/dataset", f"read the fields of brand template {template_id}").get("dataset", {})

    def upload_asset(self, name: str, data: bytes) -> dict[str, Any]:
        doing = f"upload {name}"
        metadata = json.dumps({"name_base64": base64.b64encode(name[:ASSET_NAME_MAX].encode()).decode()})
        headers = {"Content-Type": "application/octet-stream", "Asset-Upload-Metadata": metadata}
        job = self.request("POST", "/v1/asset-uploads", doing, content=data, headers=headers)["job"]
        return self.wait_for("/v1/asset-uploads", job, doing)["asset"]

    def autofill(self, template_id: str, title: str, data: dict[str, Any]) -> Design:
        doing = f"autofill brand template {template_id}"
        body = {"type": "create_from_brand_template", "brand_template_id": template_id, "title": title[:TITLE_MAX], "data": data}
        try:
            job = self.request("POST", "/v1/autofills", doing, json=body)["job"]
        except CanvaError as exc:
            if exc.status == 403 and exc.code != "missing_scope":
                raise AutofillNotAllowed(doing, exc.code, exc.detail) from None
            raise
        result = self.wait_for("/v1/autofills", job, doing).get("result", {})
        design, trial = result.get("design", {}), result.get("trial_information") or {}
        return Design(design["id"], design.get("title", ""), design.get("page_count"), trial.get("uses_remaining"))

    def export_pdf(self, design_id: str, quality: str = "regular") -> list[str]:
        doing = f"export design {design_id} as PDF"
        body = {"design_id": design_id, "format": {"type": "pdf", "export_quality": quality}}
        job = self.request("POST", "/v1/exports", doing, json=body)["job"]
        urls = self.wait_for("/v1/exports", job, doing).get("urls") or []
        if not urls:
            raise CanvaError(doing, "no_download", "the export finished without a download URL")
        return list(urls)

    def download(self, url: str, doing: str) -> bytes:
        """A signed export URL: no bearer token goes to the download host."""
        response = self.http.send("GET", url, doing, follow_redirects=True)
        if response.status_code == 200:
            return response.content
        code, message = error_of(response)
        hint = "the download link expired (they last 24 hours): run the export again" if response.status_code in (403, 404, 410) else None
        raise CanvaError(doing, code, message, hint, status=response.status_code)
