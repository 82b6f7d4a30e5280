"""HTML routes of the accounts area: first run, sign in and out, language, settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from app.accounts import service as accounts
from app.accounts import throttle
from app.accounts.models import User
from app.economics.exports import calendar_url
from app.errors import NotFound, RuleError
from app.i18n import SUPPORTED, Translator
from app.ledger import enums
from app.ledger import service as ledger
from app.ledger.schemas import ProfilePublic, ProfileUpdate
from app.web.core import (
    LANG_COOKIE,
    AnyPage,
    AnyPost,
    Page,
    UserPage,
    UserPost,
    public_base_url,
    redirect,
    render,
    safe_next,
    set_session_cookie,
)
from app.web.forms import (
    FieldSpec,
    errors_from_rule,
    errors_from_validation,
    read_form,
    translate_error,
)
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)


# --- first run -------------------------------------------------------------------------------
@router.get("/setup")
def show_setup(page: AnyPage) -> Response:
    if accounts.count_users(page.db):
        return redirect("/login")
    return render(page, "accounts/setup.html", values={}, errors={}, with_csrf=True)


@router.post("/setup")
def create_owner(page: AnyPost) -> Response:
    if accounts.count_users(page.db):
        return redirect("/login")
    values = {"username": page.text("username", strip=False)}
    password = page.text("password", strip=False)
    confirm = page.text("password_confirm", strip=False)
    if password != confirm:
        errors = {"password_confirm": translate_error(page.t, "password_mismatch")}
        return render(
            page, "accounts/setup.html", 422, values=values, errors=errors, with_csrf=True
        )
    try:
        user = accounts.create_user(
            page.db,
            username=values["username"],
            password=password,
            now=page.now,
            is_owner=True,
            locale=page.t.locale,
        )
    except RuleError as exc:
        return render(
            page,
            "accounts/setup.html",
            422,
            values=values,
            errors=errors_from_rule(page.t, exc),
            with_csrf=True,
        )
    _sign_in(page, user.id)
    # Straight to the profile: the currency, time zone and target rate make the figures right.
    return redirect("/settings?welcome=1")


def _sign_in(page: Page, user_id: int | None) -> None:
    # A fresh session id at every sign-in (no fixation); the old one is gone.
    if page.session_row is not None:
        accounts.close_session(page.db, page.session_row)
    # Expired sessions of anyone are cleared here, at sign-in, instead of by a background job.
    accounts.purge_sessions(
        page.db, before=page.now - timedelta(minutes=page.settings.session_idle_minutes)
    )
    token, row = accounts.open_session(page.db, user_id=user_id, now=page.now)
    page.session_row = row
    set_session_cookie(page, token)


# --- sign in and out -------------------------------------------------------------------------
@router.get("/login")
def show_login(page: AnyPage) -> Response:
    if accounts.count_users(page.db) == 0:
        return redirect("/setup")
    # Signed in already (a bookmarked login page): nothing to do.
    if page.user is not None:
        return redirect("/")
    next_url = safe_next(page.request.query_params.get("next"))
    return render(
        page, "accounts/login.html", values={}, errors={}, next_url=next_url, with_csrf=True
    )


@router.post("/login")
def sign_in(page: AnyPost) -> Response:
    username, password = page.text("username", strip=False), page.text("password", strip=False)
    next_url = safe_next(page.text("next", strip=False))
    client = throttle.client_of(
        page.request.client.host if page.request.client else None,
        page.request.headers.get("x-forwarded-for"),
        page.settings.trusted_proxy_set,
    )
    reservation = throttle.reserve(page.db, username=username, client=client, now=page.now)
    if reservation is None:
        # Refused before the password hasher runs: guessing costs the server nothing.
        errors = {"password": translate_error(page.t, "login_throttled")}
        return render(
            page,
            "accounts/login.html",
            429,
            values={"username": username},
            errors=errors,
            next_url=next_url,
            with_csrf=True,
        )
    found = accounts.credentials(page.db, username=username)
    # No transaction is open here: other users' writes go on while the hash is checked.
    if not accounts.verify_password(password, found[1] if found else None) or found is None:
        errors = {"password": translate_error(page.t, "login_failed")}
        return render(
            page,
            "accounts/login.html",
            422,
            values={"username": username},
            errors=errors,
            next_url=next_url,
            with_csrf=True,
        )
    throttle.release(page.db, reservation)
    user = page.db.get(User, found[0])
    if user is None:  # deleted meanwhile
        return redirect("/login")
    _sign_in(page, user.id)
    return redirect(next_url)


@router.post("/logout")
def sign_out(page: UserPost) -> Response:
    if page.session_row is not None:
        accounts.close_session(page.db, page.session_row)
    set_session_cookie(page, None)
    return redirect("/login")


# --- language --------------------------------------------------------------------------------
@router.post("/lang")
def switch_language(page: UserPost) -> Response:
    locale = page.text("locale", strip=False)
    if locale in SUPPORTED:
        ledger.update_profile(page.db, user_id=page.user_id, changes={"locale": locale})
    return redirect(safe_next(page.text("next", strip=False)))


@router.get("/lang/{locale}")
def choose_language(page: AnyPage, locale: str) -> Response:
    """For visitors not signed in: remembered in a cookie (signed-in users use the form)."""
    response = redirect(safe_next(page.request.query_params.get("next"), "/login"))
    if locale in SUPPORTED:
        response.set_cookie(
            # A year: the sign-in page of a shared phone remembers its language.
            LANG_COOKIE,
            locale,
            max_age=60 * 60 * 24 * 365,
            samesite="lax",
            httponly=True,
        )
    return response


# --- settings --------------------------------------------------------------------------------
def profile_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("display_name", _("Display name")),
        FieldSpec("locale", _("Language"), "select", enums.Locale, required=True, blank=False),
        FieldSpec(
            "currency",
            _("Currency"),
            hint=_("Three letters, e.g. CNY"),
            required=True,
            attrs={"maxlength": "3", "autocapitalize": "characters"},
        ),
        FieldSpec("timezone", _("Time zone"), required=True),
        FieldSpec(
            "target_hourly",
            _("Target hourly rate"),
            "money",
            hint=_("What an hour of your work should earn. Used to value unpaid hours."),
        ),
        FieldSpec("follower_count", _("Followers"), "int"),
        FieldSpec("platform", _("Main platform"), "select", enums.Platform, blank=False),
        FieldSpec("niche", _("Niche"), "select", enums.Niche),
        FieldSpec("annual_salary", _("Annual salary (for the tax estimate)"), "money"),
        FieldSpec(
            "annual_deductions", _("Social insurance and special deductions per year"), "money"
        ),
        FieldSpec("salary_tax_prepaid", _("Tax already withheld on salary this year"), "money"),
        FieldSpec(
            "invoice_vat_pct",
            _("VAT on invoiced private work (代开发票), %"),
            hint=_(
                "1% for small-scale taxpayers until 2027-12-31 (财政部 税务总局公告2023年第19号); "
                "used on deals marked as invoiced"
            ),
            # A decimal keyboard on the phone; up to "20.00".
            attrs={"inputmode": "decimal", "maxlength": "6"},
        ),
    ]


def _profile_values(page: Page) -> dict[str, Any]:
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    data = ProfilePublic.model_validate(profile).model_dump(mode="json")
    # Shown as the API would give them (money as "1234.50"), so the form reads back what it saved.
    return {k: ("" if v is None else str(v)) for k, v in data.items()}


def _settings_page(
    page: Page,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    new_token: str | None = None,
    user_errors: dict[str, str] | None = None,
    user_values: dict[str, str] | None = None,
    import_errors: list[str] | None = None,
    password_errors: dict[str, str] | None = None,
    new_calendar_url: str | None = None,
) -> Response:
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    return render(
        page,
        "accounts/settings.html",
        status,
        fields=profile_fields(page.t),
        values=values or _profile_values(page),
        errors=errors or {},
        tokens=accounts.list_tokens(page.db, user_id=page.user_id),
        new_token=new_token,
        # Only the owner sees the server's other accounts.
        users=accounts.list_users(page.db) if page.user and page.user.is_owner else [],
        user_errors=user_errors or {},
        user_values=user_values or {},
        welcome=page.request.query_params.get("welcome") == "1",
        calendar_url=new_calendar_url,
        calendar_on=profile.calendar_token_hash is not None,
        saved=page.request.query_params.get("saved") == "1",
        imported=page.request.query_params.get("imported"),
        import_errors=import_errors or [],
        password_errors=password_errors or {},
        password_changed=page.request.query_params.get("password") == "1",
    )


@router.get("/settings")
def show_settings(page: UserPage) -> Response:
    return _settings_page(page)


@router.post("/settings")
def update_settings(page: UserPost) -> Response:
    assert page.form is not None
    specs = profile_fields(page.t)
    values = read_form(page.form, specs)
    try:
        data = ProfileUpdate.model_validate(
            # A blank field means empty (null), so she can clear her target rate or niche.
            {k: (None if v == "" else v) for k, v in values.items()}
        )
        changes = data.model_dump(exclude_unset=True)
        # The display name may be blank; the other fields that cannot be empty keep their value when
        # left blank.
        changes["display_name"] = changes.get("display_name") or ""
        for required in ("locale", "currency", "timezone", "platform"):
            if changes.get(required) is None:
                changes.pop(required, None)
        ledger.update_profile(page.db, user_id=page.user_id, changes=changes)
    except ValidationError as exc:
        return _settings_page(page, 422, values=values, errors=errors_from_validation(page.t, exc))
    except RuleError as exc:
        return _settings_page(page, 422, values=values, errors=errors_from_rule(page.t, exc))
    return redirect("/settings?saved=1")


@router.post("/settings/password")
def change_password(page: UserPost) -> Response:
    """Current password, new one twice. Every other session of the account ends; this one
    gets a fresh id. The current password is throttled like a sign-in."""
    assert page.user is not None
    username = page.user.username
    current = page.text("current_password", strip=False)
    new, confirm = page.text("password", strip=False), page.text("password_confirm", strip=False)
    client = throttle.client_of(
        page.request.client.host if page.request.client else None,
        page.request.headers.get("x-forwarded-for"),
        page.settings.trusted_proxy_set,
    )
    reservation = throttle.reserve(page.db, username=username, client=client, now=page.now)
    if reservation is None:
        errors = {"current_password": translate_error(page.t, "login_throttled")}
        return _settings_page(page, 429, password_errors=errors)
    found = accounts.credentials(page.db, username=username)
    if found is None or not accounts.verify_password(current, found[1]):
        errors = {"current_password": page.t.gettext("That is not your current password.")}
        return _settings_page(page, 422, password_errors=errors)
    throttle.release(page.db, reservation)
    if new != confirm:
        errors = {"password_confirm": translate_error(page.t, "password_mismatch")}
        return _settings_page(page, 422, password_errors=errors)
    try:
        accounts.set_password(page.db, user_id=page.user_id, password=new)
    except RuleError as exc:
        return _settings_page(page, 422, password_errors=errors_from_rule(page.t, exc))
    # (set_password ended every session of the account, this one too)
    page.session_row = None  # ended with the others
    _sign_in(page, page.user_id)
    return redirect("/settings?password=1#security")


@router.post("/settings/signout-all")
def sign_out_everywhere(page: UserPost) -> Response:
    accounts.end_sessions(page.db, user_id=page.user_id)
    page.session_row = None
    set_session_cookie(page, None)
    return redirect("/login")


@router.post("/settings/calendar")
def renew_calendar(page: UserPost) -> Response:
    """A new private calendar address (the old one stops working), shown this once; or off."""
    revoke = page.text("action") == "revoke"
    token = ledger.renew_calendar_token(page.db, user_id=page.user_id, revoke=revoke)
    # Turned off: nothing to show.
    if token is None:
        return redirect("/settings#calendar")
    # The address is shown this once: only its digest is kept.
    base = public_base_url(page.request, page.settings)
    return _settings_page(page, new_calendar_url=calendar_url(base or "", token))


@router.post("/settings/tokens")
def create_token(page: UserPost) -> Response:
    secret, _row = accounts.create_token(
        page.db, user_id=page.user_id, label=page.text("label", strip=False), now=page.now
    )
    # A page, not a redirect: the secret is shown once and must not land in a URL or the history.
    return _settings_page(page, new_token=secret)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(page: UserPost, token_id: int) -> Response:
    # Another account's token is NotFound, answered as a 404 by the app.
    accounts.revoke_token(page.db, user_id=page.user_id, token_id=token_id, now=page.now)
    return redirect("/settings#tokens")


@router.post("/settings/users")
def create_account(page: UserPost) -> Response:
    if page.user is None or not page.user.is_owner:
        raise NotFound  # only the owner makes accounts; to others the form is not there
    values = {"username": page.text("username", strip=False)}
    try:
        accounts.create_user(
            page.db,
            username=values["username"],
            password=page.text("password", strip=False),
            now=page.now,
            locale=page.t.locale,
        )
    except RuleError as exc:
        return _settings_page(
            page, 422, user_values=values, user_errors=errors_from_rule(page.t, exc)
        )
    return redirect("/settings?saved=1#accounts")


# --- your data: export and import ------------------------------------------------------------
MAX_UPLOAD = 20 * 1024 * 1024  # an account of 10,000 deals exports to a few MB


@router.get("/settings/export.json")
def download_account(page: UserPage) -> Response:
    # (imported here: only this route needs them)
    import json

    from app.transfer import export_account

    # Chinese as it is (ensure_ascii=False): the file stays readable in a text editor.
    body = json.dumps(
        export_account(page.db, user_id=page.user_id, now=page.now), ensure_ascii=False, indent=1
    )
    name = f"kocledger-{page.user.username if page.user else 'account'}-{page.today}.json"
    return Response(
        body.encode(),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/settings/import")
async def upload_account(page: UserPost) -> Response:

    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    from app.transfer import TransferError, import_account
    from app.validation import JsonRejected, loads_strict
    from app.web.forms import translate_error

    assert page.form is not None
    upload = page.form.get("file")
    errors: list[str] = []
    if not isinstance(upload, UploadFile):
        errors = [page.t.gettext("Choose a file exported from KOC Ledger.")]
    else:
        # One byte more than allowed tells an oversized file apart without reading all of it.
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            errors = [page.t.gettext("That file is larger than 20 MB.")]
        else:
            try:
                # utf-8-sig: a file saved by a Windows editor starts with a BOM.
                document = loads_strict(raw.decode("utf-8-sig"))
                # The import is synchronous database work: off the event loop, so other requests go
                # on.
                count = await run_in_threadpool(
                    import_account, page.db, user_id=page.user_id, document=document
                )
                return redirect(f"/settings?imported={count}#data")
            except JsonRejected as exc:
                where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.loc)
                errors = [f"{where.lstrip('.')}: {translate_error(page.t, exc.code)}"]
            except (UnicodeDecodeError, ValueError):
                errors = [page.t.gettext("That file is not JSON exported from KOC Ledger.")]
            except TransferError as exc:
                # The first twenty problems are enough to fix a file; all of them could fill the
                # page.
                errors = exc.errors[:20]
    return await run_in_threadpool(_settings_page, page, 422, import_errors=errors)
