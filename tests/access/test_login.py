"""The login gate: OIDC users get the scopes of the access file; local mode shows a banner
and a role switcher; query parameters never change who is looking."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.config import Role, Scope
from dashboard.access.login import ALL_ROLES, DemoUnits, demo_viewer

UNITS = DemoUnits(
    employees={"E1": "Anna", "E2": "Bram"},
    teams={"T1": "Team Noord", "T2": "Team Zuid"},
    locations={"L1": "Zwolle"},
)
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string-of-at-least-32-characters",
    "client_id": "sturing",
    "client_secret": "secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}


def gate_app() -> None:
    """The gate as the entry file runs it, then the viewer it found."""
    import streamlit as st

    from dashboard.access import login

    units = login.DemoUnits(
        employees={"E1": "Anna", "E2": "Bram"},
        teams={"T1": "Team Noord", "T2": "Team Zuid"},
        locations={"L1": "Zwolle"},
    )
    viewer = login.gate(units)
    st.markdown(f"viewer={viewer.identity}|{viewer.describe()}|local={viewer.local_mode}")


@pytest.fixture(autouse=True)
def access_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An access file of two users, isolated from config/access.yaml."""
    path = tmp_path / "access.yaml"
    path.write_text(
        "minimum_group_size: 6\n"
        "users:\n"
        "  tm@example.org:\n"
        "    name: Teammanager\n"
        "    scopes:\n"
        "      - {role: teammanager, teams: [T1]}\n"
        "      - {role: medewerker, employee: E1}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STURING_ACCESS_CONFIG", str(path))
    return path


def _viewer_line(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("viewer=")]
    assert len(lines) == 1, [m.value for m in at.markdown]
    return lines[0]


@pytest.mark.parametrize(
    ("role", "unit", "scopes"),
    [
        (Role.MEDEWERKER, "E2", (Scope(Role.MEDEWERKER, frozenset({"E2"})),)),
        (Role.TEAMMANAGER, "T1", (Scope(Role.TEAMMANAGER, frozenset({"T1"})),)),
        (Role.LOCATIEHOOFD, "L1", (Scope(Role.LOCATIEHOOFD, frozenset({"L1"})),)),
        (Role.MANAGEMENT, None, (Scope(Role.MANAGEMENT),)),
        (Role.BEHEERDER, None, (Scope(Role.BEHEERDER),)),
        (Role.TEAMMANAGER, None, ()),
    ],
)
def test_demo_viewer_per_role(role: Role, unit: str | None, scopes: tuple[Scope, ...]) -> None:
    viewer = demo_viewer(role.value, unit, UNITS, 5)
    assert viewer.scopes == scopes
    assert viewer.local_mode


def test_demo_all_roles_holds_every_unit() -> None:
    viewer = demo_viewer(ALL_ROLES, None, UNITS, 5)
    assert viewer.team_ids == {"T1", "T2"}
    assert viewer.location_ids == {"L1"}
    assert viewer.roles == {Role.TEAMMANAGER, Role.LOCATIEHOOFD, Role.MANAGEMENT, Role.BEHEERDER}


def test_local_mode_shows_banner_and_switches_role() -> None:
    at = AppTest.from_function(gate_app).run()
    assert not at.exception
    assert at.warning[0].value.startswith("Lokale demomodus — niet aan een netwerk koppelen")
    assert "local=True" in _viewer_line(at)
    assert at.session_state["access_viewer"].minimum_group_size == 6
    at.sidebar.selectbox(key="access_demo_role").select("teammanager").run()
    at.sidebar.selectbox(key="access_demo_unit_teammanager").select("T2").run()
    assert _viewer_line(at) == "viewer=demo|teammanager (T2)|local=True"


def test_query_parameters_do_not_change_the_viewer() -> None:
    at = AppTest.from_function(gate_app)
    at.session_state["access_demo_role"] = "medewerker"
    at.query_params["rol"] = "beheerder"
    at.query_params["team"] = "T2"
    at.query_params["employee"] = "E2"
    at.run()
    assert _viewer_line(at) == "viewer=demo|medewerker (E1)|local=True"


def test_oidc_logged_out_sees_only_the_login_button() -> None:
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Inloggen"]
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]
    assert not at.warning  # no local-mode banner when login is configured


def test_oidc_user_gets_the_scopes_of_the_access_file() -> None:
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {
        "is_logged_in": True,
        "email_verified": True,
        "email": "TM@example.org",
        "name": "T. Manager",
    }
    at.query_params["rol"] = "beheerder"
    at.run()
    assert not at.exception
    assert _viewer_line(at) == "viewer=tm@example.org|teammanager (T1), medewerker (E1)|local=False"
    assert "access_demo_role" not in at.session_state


def test_oidc_unknown_user_is_refused() -> None:
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email_verified": True, "email": "stranger@example.org"}
    at.run()
    assert at.error[0].value.startswith("Geen toegang: uw account (stranger@example.org)")
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]


def test_broken_access_file_stops_with_a_clear_message(access_file: Path) -> None:
    access_file.write_text("users:\n  x@y:\n    scopes: [{role: baas}]\n", encoding="utf-8")
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email_verified": True, "email": "x@y"}
    at.run()
    assert at.error[0].value.startswith("Het dashboard is niet goed ingericht: access.yaml")
    assert "onbekende rol 'baas'" in at.error[0].value


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "tm@example.org", "email_verified": False},
        {"email": "tm@example.org", "email_verified": "false"},
        {"email": "tm@example.org"},  # the provider does not vouch for the address
        {"sub": "tm@example.org", "email_verified": True},  # no e-mail claim: sub is no identity
        {"sub": "tm@example.org"},
    ],
)
def test_oidc_only_a_verified_email_identifies_a_user(claims: dict[str, object]) -> None:
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, **claims}
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("Geen toegang: uw account heeft geen bevestigd e-mailadres")
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]
    assert "access_viewer" not in at.session_state


def test_oidc_verified_email_as_text_true_is_accepted() -> None:
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "tm@example.org", "email_verified": "true"}
    at.run()
    assert _viewer_line(at).startswith("viewer=tm@example.org|")


# --- no demo mode as a fallback ---------------------------------------------------------------
@pytest.fixture
def no_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STURING_DEMO_MODE", raising=False)


@pytest.mark.usefixtures("no_opt_in")
def test_no_secrets_and_no_opt_in_refuses_to_start() -> None:
    at = AppTest.from_function(gate_app).run()
    assert not at.exception
    assert at.error[0].value.startswith("Het dashboard start niet: er is geen login ingericht.")
    assert "STURING_DEMO_MODE=1" in at.error[0].value
    assert not at.warning  # no demo banner
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]
    assert "access_viewer" not in at.session_state


@pytest.mark.usefixtures("no_opt_in")
@pytest.mark.parametrize("section", ["Auth", "oidc", "AUTH"])
def test_misnamed_login_section_refuses_naming_it(section: str) -> None:
    at = AppTest.from_function(gate_app)
    at.secrets[section] = AUTH
    at.run()
    assert not at.exception
    assert f"Geen sectie [auth] in st.secrets; gevonden secties: {section}." in at.error[0].value
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]
    assert "access_viewer" not in at.session_state


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.1.10", "example.org"])
def test_demo_opt_in_on_a_non_loopback_address_refuses(address: str | None) -> None:
    from streamlit import config

    config.set_option("server.address", address)  # the autouse fixture restores 127.0.0.1
    at = AppTest.from_function(gate_app).run()
    assert not at.exception
    assert at.error[0].value.startswith("Het dashboard start niet: de lokale demomodus")
    assert "--server.address 127.0.0.1" in at.error[0].value
    assert not [m for m in at.markdown if m.value.startswith("viewer=")]


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_demo_opt_in_on_a_loopback_address_runs(address: str) -> None:
    from streamlit import config

    config.set_option("server.address", address)
    at = AppTest.from_function(gate_app).run()
    assert "local=True" in _viewer_line(at)


def test_demo_mode_is_not_on_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.access.settings import AccessSettings

    monkeypatch.delenv("STURING_DEMO_MODE", raising=False)
    assert AccessSettings(_env_file=None).demo_mode is False


@pytest.mark.usefixtures("no_opt_in")
def test_project_secrets_not_read_from_another_directory_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server started elsewhere does not read the project's secrets: it says so."""
    from dashboard.access import login

    project = tmp_path / "project" / ".streamlit" / "secrets.toml"
    project.parent.mkdir(parents=True)
    project.write_text('[auth]\nclient_id = "sturing"\n', encoding="utf-8")
    monkeypatch.setattr(login, "PROJECT_SECRETS", project)
    at = AppTest.from_function(gate_app).run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith(f"Het dashboard start niet: {project} heeft een sectie [auth]")
    assert "--secrets.files" in message
    assert "access_viewer" not in at.session_state


@pytest.mark.usefixtures("no_opt_in")
def test_misnamed_section_in_the_project_secrets_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.access import login

    project = tmp_path / "project" / ".streamlit" / "secrets.toml"
    project.parent.mkdir(parents=True)
    project.write_text('[Auth]\nclient_id = "sturing"\n', encoding="utf-8")
    monkeypatch.setattr(login, "PROJECT_SECRETS", project)
    at = AppTest.from_function(gate_app).run()
    assert f"Geen sectie [auth] in {project}; gevonden secties: Auth." in at.error[0].value
