"""Start a real JupyterHub for the tests: the way a course runs at scale, on one machine.

What runs, and why it is built this way:
- JupyterHub (pip) with configurable-http-proxy (npm: `.ci/run` installs it into
  `.ci-node/`; found there or on PATH). Without `node` or the proxy the hub test is
  skipped with a message, and fails instead when `MLOPS_COURSE_REQUIRE_BROWSER=1`.
- The DummyAuthenticator (any name, no password) and the SimpleLocalProcessSpawner: one
  single-user JupyterLab per learner, as a local process whose home is a folder of its
  own under the test's temporary folder. Everything listens on 127.0.0.1, on free ports.
- The single-user servers get `--allow-root` (CI runs as root) and expose the JupyterLab
  application object to the page (the browser harness reads kernel and document state
  from it). They inherit nothing else from the developer: the hub's environment is built
  here, and the spawner passes on only PATH, the language and the variables set below.
- `system_config` (optional) plays the part of a single-user image's `/etc/jupyter`. The hub
  test passes none: the kit's settings come from the environment the course is installed in.
- Memory is read from /proc (resident set size of each single-user server and of its
  kernels), so the figures are what the operating system accounts for.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser import harness

REPO = harness.REPO
NODE_PREFIX = REPO / ".ci-node"  # where .ci/run installs configurable-http-proxy with npm
PROXY_NAME = "configurable-http-proxy"


# --------------------------------------------------------------------------- availability


def proxy_command() -> str | None:
    """configurable-http-proxy from `.ci-node/` or PATH (None when it is not installed)."""
    local = NODE_PREFIX / "node_modules" / ".bin" / PROXY_NAME
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(PROXY_NAME)


def hub_missing() -> str | None:
    """Why the hub test cannot run here (None when it can)."""
    reason = harness.browser_missing()
    if reason:
        return reason
    if shutil.which("node") is None:
        return "Node.js (`node`) is not installed; configurable-http-proxy needs it (Debian/Ubuntu: apt-get install nodejs npm)"
    if proxy_command() is None:
        return f"{PROXY_NAME} not found on PATH or in {NODE_PREFIX} (npm install --prefix .ci-node {PROXY_NAME})"
    for module in ("jupyterhub", "nbgitpuller"):
        probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
        if subprocess.run([sys.executable, "-c", probe], check=False).returncode:
            return f"{module} is not installed; pip install -e '.[test]'"
    if shutil.which("git") is None:
        return "git is not installed (nbgitpuller needs it)"
    return None


def require_hub() -> None:
    """Skip when the hub cannot run here; fail instead when CI requires the browser tests."""
    reason = hub_missing()
    if reason is None:
        return
    if os.environ.get(harness.REQUIRE_ENV) == "1":
        pytest.fail(f"{harness.REQUIRE_ENV}=1 but the hub test cannot run: {reason}", pytrace=False)
    pytest.skip(f"hub test skipped: {reason}", allow_module_level=True)


# --------------------------------------------------------------------------- the course repository


def course_repository(source: Path, target: Path, branch: str = "main") -> str:
    """A bare git repository holding the committed course, named `<name>.git`; returns its file:// address.

    The name ends in `.git`, like most hosted repository addresses: the link the test
    follows must still open the notebook (see course/hub.py).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "--quiet", "--bare", str(target)], check=True)
    subprocess.run(
        ["git", "-C", str(source), "push", "--quiet", str(target), f"HEAD:refs/heads/{branch}"],
        check=True,
        capture_output=True,
    )
    subprocess.run(["git", "-C", str(target), "symbolic-ref", "HEAD", f"refs/heads/{branch}"], check=True)
    return target.resolve().as_uri()


def learner_edition_repository(source: Path, target: Path) -> Path:
    """`mlops-course release --learner target` from the course in `source`, committed as a new repository."""
    from course.authoring.edition import build_edition

    build_edition(source, target)
    git = ["git", "-C", str(target), "-c", "user.name=Course", "-c", "user.email=course@example.org"]
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(target)], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "Learner edition"], check=True)
    return target


# --------------------------------------------------------------------------- the hub


@dataclass
class Hub:
    """A running hub started by `start_hub`."""

    proc: subprocess.Popen[bytes]
    port: int
    api_token: str
    homes: Path
    work_dir: Path
    log_path: Path
    startup_seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, user: str) -> Path:
        return self.homes / user

    def api(self, path: str, method: str = "GET", timeout: float = 10) -> object:
        """The hub's REST API (`path` like "users") with the test's admin token."""
        request = urllib.request.Request(
            f"{self.base_url}/hub/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


CONFIG_TEMPLATE = """\
# Written by tests/hub/hub_harness.py for one test run.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_file!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.JupyterHub.services = [{{"name": "course-test", "api_token": {api_token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "course-test", "scopes": ["admin:users", "admin:servers", "read:users"], "services": ["course-test"]}}
]
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.SimpleLocalProcessSpawner.home_dir_template = {home_template!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
"""

SINGLEUSER_ARGS = [
    "--LabApp.expose_app_in_browser=True",  # the browser harness reads kernel and document state from it
    "--FileContentsManager.delete_to_trash=False",
]


def _hub_environment(work_dir: Path) -> dict[str, str]:
    """The hub's own environment: PATH with the interpreter's folder first, a language, a private HOME."""
    home = work_dir / "hub-home"
    home.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "/usr/bin:/bin")])
    return {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}


def _wait_until_serving(hub: Hub, timeout: float) -> None:
    """Until the hub answers through the proxy (the address a learner uses)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if hub.proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with code {hub.proc.returncode}:\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.base_url}/hub/api/", timeout=2) as response:
                if "version" in json.loads(response.read()):
                    return
        except (urllib.error.URLError, OSError, ValueError) as err:
            last = err
        time.sleep(0.1)
    raise TimeoutError(f"JupyterHub not answering after {timeout}s ({last}):\n{hub.log_tail()}")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def stop_hub(hub: Hub, timeout: float = 20) -> None:
    """Stop the hub (it stops the single-user servers), then anything of it still running."""
    leftovers = _descendants(hub.proc.pid)
    if hub.proc.poll() is None:
        hub.proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            hub.proc.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(hub.proc.pid, signal.SIGKILL)
    for pid in leftovers + [p for user in single_user_pids(hub).values() for p in [user, *_descendants(user)]]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def start_hub(
    *,
    work_dir: Path,
    log_dir: Path,
    system_config: Path | None = None,
    python_path: Path | None = None,
    startup_timeout: float = 90,
) -> Iterator[Hub]:
    """Start JupyterHub with its proxy on free ports; yield it once it answers; always stop it.

    `python_path` goes first on the single-user servers' (and so their kernels') PYTHONPATH."""
    proxy = proxy_command()
    assert proxy, "configurable-http-proxy missing (require_hub() should have skipped)"
    homes = work_dir / "homes"
    homes.mkdir(parents=True, exist_ok=True)
    environment = {"JUPYTER_PREFER_ENV_PATH": "1"}
    if system_config is not None:
        environment["JUPYTER_CONFIG_PATH"] = str(system_config)
    if python_path is not None:
        environment["PYTHONPATH"] = str(python_path)
    args = [*SINGLEUSER_ARGS]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # CI containers run as root; the single-user server refuses otherwise
    log_dir.mkdir(parents=True, exist_ok=True)
    hub: Hub | None = None
    try:
        for _attempt in range(3):  # a free port can be taken before the hub binds it
            port, api_token = harness.free_port(), secrets.token_hex(24)
            config = work_dir / "jupyterhub_config.py"
            config.write_text(
                CONFIG_TEMPLATE.format(
                    port=port,
                    hub_port=harness.free_port(),
                    proxy_api_port=harness.free_port(),
                    db_url=f"sqlite:///{work_dir / 'jupyterhub.sqlite'}",
                    cookie_file=str(work_dir / "cookie_secret"),
                    pid_file=str(work_dir / "proxy.pid"),
                    api_token=api_token,
                    proxy=proxy,
                    proxy_token=secrets.token_hex(24),
                    home_template=str(homes / "{username}"),
                    singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
                    args=args,
                    environment=environment,
                )
            )
            log_path = log_dir / f"jupyterhub-{port}.log"
            started = time.perf_counter()
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                    cwd=work_dir,
                    env=_hub_environment(work_dir),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            hub = Hub(proc, port, api_token, homes, work_dir, log_path)
            try:
                _wait_until_serving(hub, startup_timeout)
            except RuntimeError:
                if "address already in use" in hub.log_tail().lower() and _attempt < 2:
                    stop_hub(hub)
                    continue
                raise
            hub.startup_seconds = time.perf_counter() - started
            break
        assert hub is not None
        yield hub
    finally:
        if hub is not None:
            stop_hub(hub)


# --------------------------------------------------------------------------- memory


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def single_user_pids(hub: Hub) -> dict[str, int]:
    """User name -> process id of that user's single-user server (found by its hub environment)."""
    found: dict[str, int] = {}
    for pid in _descendants(hub.proc.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"jupyterhub-singleuser" not in cmdline:
            continue
        user = _environ(pid).get("JUPYTERHUB_USER")
        if user:
            found[user] = pid
    return found


def rss_mib(pid: int) -> float:
    """Resident set size of one process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass(frozen=True)
class LearnerMemory:
    server_mib: float
    kernels_mib: float
    kernels: int

    @property
    def total_mib(self) -> float:
        return self.server_mib + self.kernels_mib


def kernel_python_paths(hub: Hub) -> dict[str, set[str]]:
    """Per user: the PYTHONPATH values its kernels were started with (read from /proc)."""
    return {
        user: {_environ(child).get("PYTHONPATH", "") for child in _descendants(pid)}
        for user, pid in single_user_pids(hub).items()
    }


def learner_memory(hub: Hub) -> dict[str, LearnerMemory]:
    """Per user: the single-user server's RSS and the summed RSS of everything it started (its kernels)."""
    result: dict[str, LearnerMemory] = {}
    for user, pid in single_user_pids(hub).items():
        children = _descendants(pid)
        result[user] = LearnerMemory(
            server_mib=rss_mib(pid), kernels_mib=sum(rss_mib(child) for child in children), kernels=len(children)
        )
    return result
