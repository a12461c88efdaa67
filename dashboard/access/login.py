"""Who is looking: the login gate of every run, and the demo's role switcher.

With an `[auth]` section in `.streamlit/secrets.toml`, Streamlit's built-in OIDC login
(`st.login`) identifies the user and the access file gives their scopes. Without it the app
refuses to run, naming what is missing, unless LOCAL MODE was asked for explicitly
(`STURING_DEMO_MODE=1`, as `make run` sets it) on a server that listens on a loopback address
only: then a banner says so on every page, and a role switcher in the sidebar picks whose view
to show. Local mode has no authentication at all and must never face a network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.access.audit import ACTION_VIEW_FIGURES, record_view
from dashboard.access.config import (
    AccessConfig,
    AccessConfigError,
    Role,
    Scope,
    load_access_config,
)
from dashboard.access.pseudonym import PseudonymKeyError, load_pseudonym_key
from dashboard.access.scope import (
    AccessDenied,
    Level,
    Request,
    Viewer,
    authorize,
    denial_message,
)
from dashboard.access.settings import CONFIG_DIR, get_access_settings
from dashboard.i18n import language
from pipelines.settings import PROJECT_ROOT, get_settings

VIEWER_KEY = "access_viewer"
DEMO_ROLE_KEY = "access_demo_role"
DEMO_UNIT_KEY = "access_demo_unit"
PAGE_KEY = "access_page"
LOGGED_KEY = "access_logged_views"
ALL_ROLES = "alle"  # the demo's default: every role at once, so every page shows something

LABELS: dict[str, tuple[str, str]] = {
    "local_banner": (
        "Lokale demomodus — niet aan een netwerk koppelen. Er is geen login: kies hieronder "
        "een rol om te zien wat die rol ziet.",
        "Local demo mode — do not connect to a network. There is no login: pick a role "
        "below to see what that role sees.",
    ),
    "demo_role": ("Rol (demo)", "Role (demo)"),
    "demo_unit": ("Als", "As"),
    "all_roles": ("Alle rollen (demo)", "All roles (demo)"),
    "no_units": (
        "Geen eenheden voor deze rol in de gegevens.",
        "No units for this role in the data.",
    ),
    "login_title": ("Inloggen", "Log in"),
    "login_text": (
        "Log in met uw account van de organisatie om de sturingsinformatie te zien.",
        "Log in with your organisation account to see the steering information.",
    ),
    "logout": ("Uitloggen", "Log out"),
    "signed_in_as": ("Ingelogd als {name}: {scopes}", "Signed in as {name}: {scopes}"),
    "no_role": (
        "Geen toegang: uw account ({identity}) heeft geen rol in dit dashboard. Vraag de "
        "beheerder om u toe te voegen.",
        "No access: your account ({identity}) has no role in this dashboard. Ask the "
        "administrator to add you.",
    ),
    "unverified": (
        "Geen toegang: uw account heeft geen bevestigd e-mailadres (de claim 'email' met "
        "'email_verified: true'). Alleen een bevestigd e-mailadres geeft toegang.",
        "No access: your account has no verified e-mail address (the claim 'email' with "
        "'email_verified: true'). Only a verified e-mail address gives access.",
    ),
    "no_login": (
        "Het dashboard start niet: er is geen login ingericht. {problem} Zet de sectie [auth] "
        "(kleine letters) in .streamlit/secrets.toml, of start de lokale demomodus zonder "
        "login expliciet met STURING_DEMO_MODE=1 op een loopback-adres "
        "(--server.address 127.0.0.1, zoals `make run` doet).",
        "The dashboard does not start: no login is configured. {problem} Put the [auth] "
        "section (lower case) in .streamlit/secrets.toml, or start the local demo mode without "
        "a login explicitly with STURING_DEMO_MODE=1 on a loopback address "
        "(--server.address 127.0.0.1, as `make run` does).",
    ),
    "no_auth_section": (
        "Geen sectie [auth] in {files}; gevonden secties: {sections}.",
        "No [auth] section in {files}; found sections: {sections}.",
    ),
    "no_secrets_file": (
        "Geen secrets-bestand gevonden (gezocht: {files}).",
        "No secrets file found (looked for: {files}).",
    ),
    "not_from_root": (
        "Het dashboard start niet: {project} heeft een sectie [auth], maar de server leest dat "
        "bestand niet (hij leest {files}; werkmap {cwd}). Start de server vanuit {root}, of "
        "wijs het bestand aan met --secrets.files.",
        "The dashboard does not start: {project} has an [auth] section, but the server does "
        "not read that file (it reads {files}; working directory {cwd}). Start the server from "
        "{root}, or point to the file with --secrets.files.",
    ),
    "demo_not_loopback": (
        "Het dashboard start niet: de lokale demomodus (zonder login) is gevraagd, maar de "
        "server luistert op {address}. Start hem alleen op een loopback-adres: "
        "--server.address 127.0.0.1.",
        "The dashboard does not start: the local demo mode (without a login) was asked for, "
        "but the server listens on {address}. Start it on a loopback address only: "
        "--server.address 127.0.0.1.",
    ),
    "all_interfaces": ("alle netwerkadressen", "all network addresses"),
    "not_configured": (
        "Het dashboard is niet goed ingericht: {problem}",
        "The dashboard is not configured correctly: {problem}",
    ),
}


def label(key: str, **values: object) -> str:
    pair = LABELS[key]
    text = pair[1] if language() == "en" else pair[0]
    return text.format(**values) if values else text


@dataclass(frozen=True)
class DemoUnits:
    """The units of the loaded data the demo can pick from: id -> display name."""

    employees: Mapping[str, str] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)
    locations: Mapping[str, str] = field(default_factory=dict)

    def for_role(self, role: Role) -> Mapping[str, str]:
        return {
            Role.MEDEWERKER: self.employees,
            Role.TEAMMANAGER: self.teams,
            Role.LOCATIEHOOFD: self.locations,
        }.get(role, {})


# The project's own secrets file, wherever the server was started from.
PROJECT_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def login_configured() -> bool:
    """True when the secrets Streamlit read have an `[auth]` section: production login."""
    return "auth" in secret_sections()


def secret_sections() -> list[str]:
    """The top-level names in the secrets Streamlit read; empty without a secrets file."""
    try:
        return list(st.secrets.keys())
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no secrets file at all
        return []


def secrets_files() -> list[Path]:
    """The secrets files Streamlit reads (its `secrets.files` option)."""
    from streamlit import config

    return [Path(str(f)).expanduser() for f in config.get_option("secrets.files") or []]


def _sections_of(path: Path) -> list[str] | None:
    """The top-level names of a TOML file; None when it is missing or not TOML."""
    import tomllib

    try:
        return list(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine reaches; empty means every interface."""
    import ipaddress

    host = (address or "").strip().strip("[]").lower()
    if not host:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_address() -> str | None:
    from streamlit import config

    value = config.get_option("server.address")
    return str(value) if value else None


def startup_refusal(opt_in: bool, address: str | None) -> str | None:
    """Why the app must not run without a login, or None when local demo mode may run.

    Demo mode needs the explicit opt-in AND a loopback address; a missing, misnamed or
    unread login section is never a reason to fall back to it.
    """
    if not opt_in:
        read = secrets_files()
        project = _sections_of(PROJECT_SECRETS)
        project_read = any(f.resolve() == PROJECT_SECRETS.resolve() for f in read)
        if project is not None and "auth" in project and not project_read:
            return label(
                "not_from_root",
                project=PROJECT_SECRETS,
                files=", ".join(map(str, read)) or "-",
                cwd=Path.cwd(),
                root=PROJECT_ROOT,
            )
        sections = secret_sections()
        existing = [f for f in read if f.exists()]
        if project is not None and not project_read:
            existing.append(PROJECT_SECRETS)
            sections = [*sections, *(s for s in project if s not in sections)]
        if sections or existing:
            problem = label(
                "no_auth_section",
                files=", ".join(map(str, existing)) or "st.secrets",
                sections=", ".join(sections) or "-",
            )
        else:
            problem = label("no_secrets_file", files=", ".join(map(str, read)) or "-")
        return label("no_login", problem=problem)
    if not is_loopback(address):
        return label("demo_not_loopback", address=address or label("all_interfaces"))
    return None


def verified_email(claims: Mapping[str, Any]) -> str | None:
    """The user's e-mail address when the identity provider vouches for it, else None.

    Only `email` with `email_verified` true identifies a user: an unverified address could be
    anyone's, and `sub` is no address the access file lists.
    """
    email = claims.get("email")
    verified = claims.get("email_verified")
    if isinstance(verified, str):
        verified = verified.strip().lower() == "true"
    if not isinstance(email, str) or not email.strip() or verified is not True:
        return None
    return email.strip()


def access_config(local_mode: bool) -> AccessConfig:
    """The access file; the demo falls back to the documented example when there is none."""
    path = get_access_settings().access_config
    if local_mode and not Path(path).exists():
        path = CONFIG_DIR / "access.example.yaml"
    return load_access_config(Path(path))


def demo_viewer(role: str, unit: str | None, units: DemoUnits, minimum_group_size: int) -> Viewer:
    """The viewer the demo's role switcher stands for (pure: tested without Streamlit)."""
    if role == ALL_ROLES:
        candidates = (
            Scope(Role.TEAMMANAGER, frozenset(units.teams)) if units.teams else None,
            Scope(Role.LOCATIEHOOFD, frozenset(units.locations)) if units.locations else None,
            Scope(Role.MANAGEMENT),
            Scope(Role.BEHEERDER),
        )
        scopes: tuple[Scope, ...] = tuple(s for s in candidates if s is not None)
        name = "Demo: alle rollen"
    else:
        chosen = Role(role)
        if chosen in (Role.MANAGEMENT, Role.BEHEERDER):
            scopes = (Scope(chosen),)
        elif unit:
            scopes = (Scope(chosen, frozenset({unit})),)
        else:
            scopes = ()
        name = f"Demo: {chosen.value}" + (f" {unit}" if unit else "")
    return Viewer("demo", name, scopes, minimum_group_size, local_mode=True)


def _role_switcher(units: DemoUnits, minimum_group_size: int) -> Viewer:
    roles = [ALL_ROLES, *(role.value for role in Role)]
    with st.sidebar:
        role = st.selectbox(
            label("demo_role"),
            roles,
            format_func=lambda r: label("all_roles") if r == ALL_ROLES else r,
            key=DEMO_ROLE_KEY,
        )
        unit = None
        if role != ALL_ROLES and Role(role) in (
            Role.MEDEWERKER,
            Role.TEAMMANAGER,
            Role.LOCATIEHOOFD,
        ):
            options = units.for_role(Role(role))
            if options:
                unit = st.selectbox(
                    label("demo_unit"),
                    list(options),
                    format_func=lambda u: f"{options[u]} ({u})" if options[u] != u else u,
                    key=f"{DEMO_UNIT_KEY}_{role}",
                )
            else:
                st.caption(label("no_units"))
    return demo_viewer(role, unit, units, minimum_group_size)


def _stop_with(message: str) -> None:
    st.error(message)
    st.stop()


def gate(units: DemoUnits | Callable[[], DemoUnits] | None = None) -> Viewer:
    """Run at the top of every run by the entry file: identify the viewer or stop the page.

    Production: OIDC login, scopes from the access file; unknown users are refused. Local
    mode: banner plus role switcher. The viewer lands in session state for `current_viewer`;
    query parameters play no part in it, so a crafted URL cannot widen a scope.
    """
    local_mode = not login_configured()
    if local_mode:
        refusal = startup_refusal(get_access_settings().demo_mode, server_address())
        if refusal is not None:
            _stop_with(refusal)
    try:
        config = access_config(local_mode)
    except AccessConfigError as error:
        _stop_with(label("not_configured", problem=error))
    if local_mode:
        st.warning(label("local_banner"), icon=":material/warning:")
        if callable(units):
            units = units()
        viewer = _role_switcher(units or DemoUnits(), config.minimum_group_size)
    else:
        if not st.user.is_logged_in:
            st.title(label("login_title"))
            st.write(label("login_text"))
            st.button(label("login_title"), on_click=st.login, type="primary")
            st.stop()
        identity = verified_email(st.user)
        if identity is None:
            st.button(label("logout"), on_click=st.logout)
            _stop_with(label("unverified"))
            raise AssertionError("unreachable: st.stop ends the run")
        user = config.user(identity)
        if user is None:
            st.button(label("logout"), on_click=st.logout)
            _stop_with(label("no_role", identity=identity))
            raise AssertionError("unreachable: st.stop ends the run")
        viewer = Viewer.from_user(user, config.minimum_group_size)
        with st.sidebar:
            st.caption(label("signed_in_as", name=viewer.name, scopes=viewer.describe()))
            st.button(label("logout"), on_click=st.logout, key="access_logout")
    st.session_state[VIEWER_KEY] = viewer
    return viewer


def current_viewer() -> Viewer:
    """The viewer the entry file identified in this run; a page run outside it shows nothing."""
    viewer = st.session_state.get(VIEWER_KEY)
    # Duck-typed: a code reload during development gives a new Viewer class.
    if viewer is None or not hasattr(viewer, "scopes"):
        _stop_with("Geen toegang: open het dashboard via de startpagina.")
    return viewer  # type: ignore[return-value]


def pseudonym_key() -> bytes:
    """The pseudonym key of this deployment (a generated one in local mode)."""
    viewer = current_viewer()
    try:
        return load_pseudonym_key(get_access_settings(), viewer.local_mode, get_settings().data_dir)
    except PseudonymKeyError as error:
        _stop_with(label("not_configured", problem=error))
        raise  # unreachable: st.stop ends the run


def begin_page(page_id: str) -> None:
    """Note which page this run shows: a new page visit logs its personal views afresh."""
    if st.session_state.get(PAGE_KEY) != page_id:
        st.session_state[PAGE_KEY] = page_id
        st.session_state[LOGGED_KEY] = set()


def show_denied(error: AccessDenied) -> None:
    """Show a refusal and end the page."""
    _stop_with(error.message)


def require_beheer() -> None:
    """End the page with a refusal unless the viewer is the beheerder: loading data, data
    quality (whose quarantined rows are raw source rows) and the audit log."""
    try:
        authorize(current_viewer(), Request(Level.BEHEER))
    except AccessDenied as error:
        show_denied(error)


def log_personal_view(
    subject_type: str,
    subject_id: str,
    page: str,
    action: str = ACTION_VIEW_FIGURES,
    detail: str = "",
) -> None:
    """One audit entry per page visit and subject, written BEFORE the figures are shown: if
    the log cannot be written, the page stops instead of showing them unlogged."""
    logged: set[tuple[str, str, str, str]] = st.session_state.setdefault(LOGGED_KEY, set())
    marker = (page, action, subject_type, subject_id)
    if marker in logged:
        return  # a rerun of the same visit (a widget changed) is not a new view
    from dashboard.pdca.store import PAGE_BUSY_TIMEOUT_SECONDS, StoreError, open_store

    try:
        record_view(
            # a page waits seconds, not the store's 30: a locked log stops the page quickly
            open_store(migrate=False, busy_timeout_seconds=PAGE_BUSY_TIMEOUT_SECONDS),
            current_viewer(),
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            page=page,
            detail=detail,
        )
    except (StoreError, OSError) as error:
        _stop_with(f"Het auditlogboek is niet bereikbaar; cijfers worden niet getoond. ({error})")
    logged.add(marker)


# --- enforcement on the data module ----------------------------------------------------------
def session_viewer() -> Viewer | None:
    """The viewer of this Streamlit session; None outside any session (a test or command-line
    caller, trusted). Inside a session without a viewer nothing is shown."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    viewer = st.session_state.get(VIEWER_KEY)
    if viewer is None or not hasattr(viewer, "scopes"):
        raise AccessDenied("Geen toegang: open het dashboard via de startpagina.")
    return viewer


def _key_for(viewer: Viewer) -> bytes:
    try:
        return load_pseudonym_key(get_access_settings(), viewer.local_mode, get_settings().data_dir)
    except PseudonymKeyError as error:
        raise AccessDenied(f"Het dashboard is niet goed ingericht: {error}") from None


def _log_view(viewer: Viewer, subject_type: str, subject_id: str, detail: str) -> None:
    """In a session: once per page visit (`log_personal_view`); outside: every call."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is not None:
        page = str(st.session_state.get(PAGE_KEY, "-"))
        log_personal_view(subject_type, subject_id, page=page, detail=detail)
        return
    from dashboard.pdca.store import open_store

    record_view(
        open_store(migrate=False),
        viewer,
        action=ACTION_VIEW_FIGURES,
        subject_type=subject_type,
        subject_id=subject_id,
        page="-",
        detail=detail,
    )


def guard_data_module(namespace: dict) -> list[str]:
    """Put every query function of the data module (`namespace`: its globals) behind the
    access checks of `dashboard.access.guard`; returns the names of the guarded functions."""
    from dashboard.access import guard

    def organisation() -> guard.Organisation:
        return organisation_of(namespace)

    context = guard.GuardContext(
        make_data_scope=namespace["Viewer"],
        organisation=organisation,
        session_viewer=session_viewer,
        pseudonym_key=_key_for,
        log_view=_log_view,
    )
    names = guard.guard_functions(namespace, context)
    for name, restrict in (
        ("filter_options", guard.filter_pick_lists),
        ("display_names", guard.filter_display_names),
        ("quarantine_rows", guard.raw_rows_for),
    ):
        if name in namespace:
            namespace[name] = _restricted_lookup(namespace[name], restrict, organisation)
            names.append(name)
    return names


def organisation_of(namespace: Mapping[str, Any]) -> Any:
    """Who belongs where in the warehouse the data module (`namespace`: its globals) reads."""
    path = namespace["warehouse_path"]()
    return _organisation(str(path), namespace["warehouse_version"](path), namespace)


def _organisation_or_nobody(data_module: Any) -> Any:
    """The organisation of the warehouse, or an empty one where there is no warehouse (then
    nobody belongs anywhere, and every check that needs a member refuses)."""
    from dashboard.access import guard

    try:
        return organisation_of(vars(data_module))
    except data_module.WarehouseUnavailable:
        return guard.Organisation({}, {}, {}, {})


# A resource, not a data cache: every query and pick list of every run checks against it, and
# a data cache would hand each caller its own copy (0.1 s to unpickle for 20,000 employees).
# Nobody changes it; a new warehouse version is a new key.
@st.cache_resource(ttl=600, max_entries=4, show_spinner=False)
def _organisation(path: str, version: str | None, _namespace: Mapping[str, Any]) -> Any:
    """Who belongs where, once per warehouse version."""
    from dashboard.access import guard

    return guard.load_organisation(_namespace["query"], _namespace["tables"])


def _restricted_lookup(function, restrict, organisation):  # type: ignore[no-untyped-def]
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = function(*args, **kwargs)
        viewer = session_viewer()
        return result if viewer is None else restrict(result, viewer, organisation())

    wrapper.__access_guarded__ = True  # type: ignore[attr-defined]
    return wrapper


def demo_units(data_module: Any) -> DemoUnits:
    """The teams, locations and named employees of the loaded data, for the role switcher
    (read unrestricted: the switcher runs before anyone is identified, in local mode only)."""
    path = data_module.warehouse_path()
    return _demo_units(str(path), data_module.warehouse_version(path), data_module)


# Once per warehouse version: every run of every page starts with the role switcher.
@st.cache_resource(ttl=600, max_entries=4, show_spinner=False)
def _demo_units(path: str, version: str | None, _data_module: Any) -> DemoUnits:
    data_module = _data_module
    try:
        names = data_module.display_names.__wrapped__()
        options = data_module.filter_options.__wrapped__()
    except data_module.WarehouseUnavailable:
        return DemoUnits()

    def labelled(ids: Any, kind: str) -> dict[str, str]:
        return {unit: names.get(kind, {}).get(unit, unit) for unit in ids}

    return DemoUnits(
        employees=dict(sorted(names.get("employee", {}).items())),
        teams=labelled(options.get("teams", []), "team"),
        locations=labelled(options.get("locations", []), "location"),
    )


def refuse_url_units(params: Mapping[str, str], data_module: Any) -> None:
    """Say so when a link names teams or locations outside the viewer's scope; the filters
    then leave them out (they never widen the scope)."""
    try:
        allowed = data_module.filter_options()
    except data_module.WarehouseUnavailable:
        return
    viewer = current_viewer()
    for param, kind, level in (
        ("team", "teams", Level.TEAM),
        ("locatie", "locations", Level.LOCATION),
    ):
        asked = [value for value in str(params.get(param, "")).split(",") if value]
        for unit in asked:
            if unit not in allowed.get(kind, []):
                st.error(denial_message(viewer, Request(level, unit)))


def authorize_unit(unit_type: str, unit_id: str | None, page: str, data_module: Any) -> None:
    """For pages that pick a unit themselves (the PDCA pages, `?eenheid=...&id=...`): stop
    with the refusal when the viewer may not open it; log a view of an employee's figures
    and conversations (one entry per page visit)."""
    if not unit_id:
        return
    from dashboard.access import guard
    from dashboard.access.audit import ACTION_VIEW_CONVERSATION

    viewer = current_viewer()
    organisation = _organisation_or_nobody(data_module)
    try:
        guard.unit_grant(viewer, unit_type, unit_id, organisation)
    except AccessDenied as refused:
        show_denied(refused)
    if unit_type == "medewerker":
        action = ACTION_VIEW_CONVERSATION if "gesprek" in page else ACTION_VIEW_FIGURES
        log_personal_view("medewerker", unit_id, page=page, action=action)


def units_in_view(unit_type: str, unit_ids: list[str], data_module: Any) -> list[str]:
    """The units of a PDCA pick list the viewer of this session may open (see
    `guard.units_in_view`)."""
    from dashboard.access import guard

    organisation = _organisation_or_nobody(data_module)
    return guard.units_in_view(current_viewer(), unit_type, unit_ids, organisation)


def visible_records(records: list[dict[str, Any]], data_module: Any) -> list[dict[str, Any]]:
    """The PDCA records (agreements, conversations) the viewer of this session may read."""
    from dashboard.access import guard

    viewer = current_viewer()
    organisation = _organisation_or_nobody(data_module)
    readable = [r for r in records if guard.record_visible(viewer, r, organisation)]
    # Names typed into a team's or location's agreement reach only who may see them by name.
    mask = name_masker_for_viewer(data_module)
    return [masked_record(r, mask) for r in readable]


def masked_record(record: dict[str, Any], mask: Callable[[str], str]) -> dict[str, Any]:
    """`record` with `mask` applied to what people typed into it (MASKED_RECORD_FIELDS)."""
    return {
        **record,
        **{f: mask(record[f]) for f in MASKED_RECORD_FIELDS if isinstance(record.get(f), str)},
    }


def name_masker_for_viewer(data_module: Any) -> Callable[[str], str]:
    """Masks, in text typed into a PDCA record, the names the viewer of this session may not
    see (see `visible_records`); for the history of an agreement, say. Build it once per page."""
    from dashboard.access import guard

    organisation = _organisation_or_nobody(data_module)
    visible = guard.names_visible_to(current_viewer(), organisation)
    return guard.name_masker(_all_employee_names(data_module), visible)


# The free text of a PDCA record, and its owner (often an employee id).
MASKED_RECORD_FIELDS = ("what", "note", "owner", "status_note")


def _all_employee_names(data_module: Any) -> Mapping[str, str]:
    """Every employee's name by id (unfiltered: these are the names to hide)."""
    try:
        path = data_module.warehouse_path()
        version = data_module.warehouse_version(path)
    except data_module.WarehouseUnavailable:
        return {}
    if version is None:
        return {}
    names = data_module._display_names(str(path), version).get("employee", {})
    return {e: n for e, n in names.items() if e}
