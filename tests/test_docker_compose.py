"""The container definitions: docker-compose.yml and the Dockerfile, read as files.

No Docker engine, database or Django settings are needed. yaml.safe_load resolves the anchors and
`<<:` merge keys, so each service is checked as Compose will see it.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")
# Environment variables whose values must come from the operator, never from this file.
SECRET_VARIABLES = ("SECRET_KEY", "MFA_ENCRYPTION_KEY", "POSTGRES_PASSWORD", "EMAIL_URL")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY", re.IGNORECASE)
# A whole value that is a required reference: ${NAME:?message} or ${NAME?message}.
REQUIRED_REFERENCE = re.compile(r"^\$\{(?P<name>[A-Z_][A-Z0-9_]*):?\?[^}]*\}$")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuation lines joined."""
    logical_lines, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical_lines.append(current + stripped)
        current = ""
    if current:
        logical_lines.append(current)
    instructions = []
    for logical in logical_lines:
        keyword, _, arguments = logical.partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


def environment_of(service: dict) -> dict[str, str]:
    """A service's environment as a mapping, whichever of Compose's two forms it is written in."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.partition("=")[::2] for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def volume_parts(volume) -> tuple[str | None, str]:
    """(source, target) of a volume in either the short `source:target` or the long form."""
    if isinstance(volume, dict):
        return volume.get("source"), volume["target"]
    parts = volume.split(":")
    return (parts[0], parts[1]) if len(parts) > 1 else (None, parts[0])


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def healthcheck_test_of(service: dict) -> str:
    test = service["healthcheck"]["test"]
    if isinstance(test, list):
        assert test[0] in {"CMD", "CMD-SHELL"}, f"healthcheck test must start with CMD or CMD-SHELL: {test}"
        return " ".join(test[1:])
    return str(test)


def test_the_five_services_exist(services):
    assert set(services) >= SERVICES, f"missing services: {sorted(SERVICES - set(services))}"


def test_the_compose_file_has_no_obsolete_version_key(compose):
    assert "version" not in compose


def test_every_service_has_a_healthcheck(services):
    for name, service in services.items():
        healthcheck = service.get("healthcheck")
        assert healthcheck, f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name} disables its healthcheck"
        assert healthcheck.get("test") not in (None, "", ["NONE"]), f"{name} has an empty healthcheck"
        assert healthcheck_test_of(service).strip(), f"{name} has an empty healthcheck command"


def test_the_database_and_redis_healthchecks_ask_the_servers_themselves(services):
    assert "pg_isready" in healthcheck_test_of(services["db"])
    assert "redis-cli ping" in healthcheck_test_of(services["redis"])


def test_the_web_healthcheck_requests_healthz_without_curl(services):
    check = healthcheck_test_of(services["web"])
    assert "http://127.0.0.1:8000/healthz" in check
    assert "urllib" in check
    assert "curl" not in check


def test_the_worker_healthcheck_pings_its_own_celery_node(services):
    check = healthcheck_test_of(services["worker"])
    assert "inspect ping" in check
    assert "$$HOSTNAME" in check, "the worker must ping itself (celery@$$HOSTNAME), not any worker"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_a_healthy_database_and_redis(services, name):
    depends_on = services[name].get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on must be a mapping with conditions"
    for dependency in ("db", "redis"):
        assert dependency in depends_on, f"{name} does not depend on {dependency}"
        assert depends_on[dependency].get("condition") == "service_healthy", (
            f"{name} starts before {dependency} is healthy"
        )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_in_production_mode(services, name):
    assert environment_of(services[name]).get("APCOMMISSION_PRODUCTION") == "1"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_built_from_this_repository(services, name):
    build = services[name].get("build")
    context = build.get("context") if isinstance(build, dict) else build
    assert context == ".", f"{name} does not build the repository's Dockerfile"


def test_the_app_configuration_is_written_once_as_an_anchor():
    text = COMPOSE_FILE.read_text()
    assert re.search(r"^x-app: &app\b", text, re.MULTILINE)
    assert len(re.findall(r"^\s+<<: \*app$", text, re.MULTILINE)) == len(APP_SERVICES)


def test_redis_persists_with_an_append_only_file_on_a_volume(compose, services):
    redis = services["redis"]
    command = command_of(redis)
    assert re.search(r"--appendonly\s+yes", command), f"redis runs without append-only persistence: {command}"
    sources = [source for source, target in map(volume_parts, redis.get("volumes", [])) if target == "/data"]
    assert sources, "redis's /data is not on a volume"
    assert sources[0] in (compose.get("volumes") or {}), (
        f"redis's volume {sources[0]!r} is not a named volume"
    )


def test_postgres_keeps_its_data_on_a_named_volume(compose, services):
    sources = [
        source
        for source, target in map(volume_parts, services["db"].get("volumes", []))
        if target == "/var/lib/postgresql/data"
    ]
    assert sources, "postgres's data directory is not on a volume"
    assert sources[0] in (compose.get("volumes") or {}), (
        f"postgres's volume {sources[0]!r} is not a named volume"
    )


def test_beat_is_not_scaled_beyond_one(services):
    beat = services["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1
    assert "beat" in command_of(beat)
    for name, service in services.items():
        if name != "beat":
            assert " beat" not in command_of(service), f"{name} also runs celery beat"
            assert "--beat" not in command_of(service), f"{name} embeds celery beat in a worker"


def test_the_worker_runs_a_celery_worker(services):
    assert re.search(r"\bcelery -A apcommission worker\b", command_of(services["worker"]))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_trusts_exactly_the_proxy_the_compose_setup_requires_by_default(services, name):
    """The app is published on loopback for a TLS-terminating proxy on the host. With no trusted proxy,
    every client would share the proxy's address and so one per-IP sign-in limit."""
    value = environment_of(services[name]).get("TRUSTED_PROXY_COUNT", "")
    default = re.fullmatch(r"\$\{TRUSTED_PROXY_COUNT:-(\d+)\}", value)

    assert default, f"{name}: TRUSTED_PROXY_COUNT must be overridable with a default: {value!r}"
    assert default[1] == "1"
    assert services["web"]["ports"] == ["${WEB_BIND_ADDRESS:-127.0.0.1}:8000:8000"]


def test_web_migrates_then_runs_gunicorn(services):
    command = command_of(services["web"])
    assert "migrate --noinput" in command
    assert "gunicorn apcommission.wsgi:application" in command
    assert command.index("migrate") < command.index("gunicorn")
    assert "0.0.0.0:8000" in command
    assert any("8000" in str(port) for port in services["web"].get("ports", []))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_secrets_are_required_variable_references(services, name):
    environment = environment_of(services[name])
    for variable in ("SECRET_KEY", "MFA_ENCRYPTION_KEY", "EMAIL_URL"):
        match = REQUIRED_REFERENCE.match(environment.get(variable, ""))
        assert match, f"{name}: {variable} must be a required ${{{variable}:?...}} reference"
        assert match["name"] == variable
    assert re.search(r"://[^:/@]+:\$\{POSTGRES_PASSWORD:\?[^}]*\}@", environment["DATABASE_URL"]), (
        f"{name}: the database password in DATABASE_URL must be a ${{POSTGRES_PASSWORD:?...}} reference"
    )


def test_no_secret_value_is_written_in_plain_text(services):
    for name, service in services.items():
        for variable, value in environment_of(service).items():
            if SECRET_NAME.search(variable) or variable in SECRET_VARIABLES:
                assert REQUIRED_REFERENCE.match(value), (
                    f"{name}: {variable} has a literal value; use ${{{variable}:?...}}"
                )
            # Whatever is left once the ${...} references are taken out was written in this file.
            literal = re.sub(r"\$\{[^}]*\}", "", value)
            assert not re.search(r"://[^/@\s]*:[^/@\s]+@", literal), (
                f"{name}: {variable} has a password written in the URL"
            )


def test_the_dockerfile_starts_from_slim_python_3_12(dockerfile_instructions):
    bases = [arguments for keyword, arguments in dockerfile_instructions if keyword == "FROM"]
    assert bases == ["python:3.12-slim-bookworm"]


def test_the_dockerfile_installs_weasyprints_system_libraries(dockerfile_instructions):
    runs = " ".join(arguments for keyword, arguments in dockerfile_instructions if keyword == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation"):
        assert package in runs, f"{package} is not installed"


def test_the_dockerfile_runs_as_a_non_root_user(dockerfile_instructions):
    users = [arguments for keyword, arguments in dockerfile_instructions if keyword == "USER"]
    assert users, "the Dockerfile never switches away from root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}, f"the final USER is {users[-1]}"
    last_user = max(i for i, (keyword, _) in enumerate(dockerfile_instructions) if keyword == "USER")
    assert any(keyword == "CMD" for keyword, _ in dockerfile_instructions[last_user:]), (
        "the default command does not run as the non-root user"
    )


def test_the_dockerfile_installs_dependencies_from_pyproject(dockerfile_instructions):
    copied = [
        i for i, (kw, args) in enumerate(dockerfile_instructions) if kw == "COPY" and "pyproject.toml" in args
    ]
    installs = [
        i
        for i, (keyword, arguments) in enumerate(dockerfile_instructions)
        if keyword == "RUN" and re.search(r"\bpip install --no-cache-dir \.(\s|$)", arguments)
    ]
    assert copied, "pyproject.toml is never copied into the image"
    assert installs, "the dependencies are not installed with `pip install --no-cache-dir .`"
    assert copied[0] < installs[0], "pip install runs before pyproject.toml is copied"


def test_the_dockerfile_collects_static_files_without_baking_in_a_secret(dockerfile_instructions):
    runs = [arguments for keyword, arguments in dockerfile_instructions if keyword == "RUN"]
    assert any("collectstatic --noinput" in run for run in runs)
    for keyword, arguments in dockerfile_instructions:
        if keyword in {"ENV", "ARG"}:
            for secret in ("SECRET_KEY", "MFA_ENCRYPTION_KEY"):
                assert secret not in arguments, f"{keyword} {arguments} would keep a secret in the image"


def test_the_dockerfile_serves_the_app_with_gunicorn(dockerfile_instructions):
    commands = [arguments for keyword, arguments in dockerfile_instructions if keyword == "CMD"]
    assert commands, "the Dockerfile has no default command"
    assert "gunicorn" in commands[-1]
    assert "apcommission.wsgi:application" in commands[-1]
    assert "0.0.0.0:8000" in commands[-1]


def test_the_build_context_leaves_out_local_state():
    ignored = {
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if not line.startswith("#")
    }
    assert {".venv", ".data", ".git", "node_modules"} <= ignored
