"""Drive a real JupyterLab (or Notebook 7) in headless Chromium, the way a learner would.

Tests that set a widget's `.value` from Python cannot show that a click in the
browser reaches the kernel, that the answer record is written into the saved
file, or that answers survive a kernel restart. This module starts a real
Jupyter server and a real browser so the browser tests can.

Why it is built the way it is:
- Chromium is Debian's `/usr/bin/chromium` (or `$MLOPS_COURSE_CHROMIUM`):
  Playwright's own browser download needs internet access, which CI lacks.
  `require_browser()` skips when it or Playwright is missing, and fails instead
  when `MLOPS_COURSE_REQUIRE_BROWSER=1` (set by `.ci/run`), so CI never passes
  by skipping.
- The server listens on 127.0.0.1 on a free port with a random token; HOME,
  the Jupyter and IPython folders live in a temporary work folder, so nothing
  the developer has configured (or the news pop-up, or autosave) changes what
  the test sees. Kernels inherit the server's environment: that is how the
  course home and the learner id reach them.
- Waits are for states (kernel idle for a moment, no cell running, document
  clean after a successful save), never fixed sleeps; JupyterLab dialogs that
  come up meanwhile are answered.
- `stop_jupyter_server` always cleans up, kernels included, even after a
  failed test; screenshots and the server log go to the artefacts folder.

Playwright is imported inside the functions that need it, so importing this
module (and the skip decision) works without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

# --------------------------------------------------------------------------- availability

CHROMIUM_ENV = "MLOPS_COURSE_CHROMIUM"
REQUIRE_ENV = "MLOPS_COURSE_REQUIRE_BROWSER"
DEFAULT_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    return os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"Chromium not found at {path} (Debian/Ubuntu: apt-get install chromium; or set {CHROMIUM_ENV})"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        return f"Playwright for Python is not installed ({err}); pip install -e '.[test]'"
    return None


def require_browser() -> None:
    """Skip the calling test module when the browser is missing, or fail when CI requires it."""
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but the browser test cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}", allow_module_level=True)


# --------------------------------------------------------------------------- server

CHROMIUM_ARGS = (
    "--no-sandbox",  # CI containers run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1280, "height": 1000}

SETTINGS_OVERRIDES: dict[str, dict[str, Any]] = {
    # No "official Jupyter news?" toast and no update check (no network, nothing covering the page).
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # No autosave: a test that proves "not saved means not in the file" must not race a timer.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}

# Variables a developer's shell may carry that would change what the server or its kernels do.
DROPPED_ENV = (
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
    "JUPYTERLAB_DIR",
    "JUPYTER_TOKEN",
    "JUPYTER_PLATFORM_DIRS",
    "PYTEST_CURRENT_TEST",
    "PYTEST_XDIST_WORKER",
    "JPY_SESSION_NAME",
)

UI = Literal["lab", "notebook"]


@dataclass
class JupyterServer:
    """A running server started by `start_jupyter_server`."""

    proc: subprocess.Popen[bytes]
    port: int
    token: str
    root_dir: Path
    work_dir: Path
    log_path: Path
    startup_seconds: float = 0.0
    env: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str, ui: UI = "lab") -> str:
        """The address that opens `path` (relative to the root) in JupyterLab or Notebook 7.

        In JupyterLab a fresh, uniquely named workspace is used, so tabs left open by an
        earlier test are not restored next to this one.
        """
        quoted = urllib.parse.quote(path.lstrip("/"))
        if ui == "notebook":
            return f"{self.base_url}notebooks/{quoted}?token={self.token}"
        workspace = f"test-{uuid.uuid4().hex[:8]}"
        return f"{self.base_url}lab/workspaces/{workspace}/tree/{quoted}?token={self.token}"

    def api(self, path: str, method: str = "GET", timeout: float = 10) -> Any:
        """Call the REST API (`path` like "api/status") and decode the JSON reply."""
        request = urllib.request.Request(
            self.base_url + path.lstrip("/"),
            method=method,
            data=b"" if method != "GET" else None,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_env(work_dir: Path, extra: Mapping[str, str | None] = ()) -> dict[str, str]:
    """The server's environment: this process's, with HOME and every Jupyter/IPython folder in `work_dir`.

    The interpreter's own `share/jupyter` stays on the search path, so the `python3`
    kernel and the ipywidgets front end still come from the environment under test.
    `extra` sets variables (a None value removes one).
    """
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    folders = {
        "HOME": work_dir / "home",
        "JUPYTER_CONFIG_DIR": work_dir / "config",
        "JUPYTER_DATA_DIR": work_dir / "data",
        "JUPYTER_RUNTIME_DIR": work_dir / "runtime",
        "IPYTHONDIR": work_dir / "ipython",
        "JUPYTERLAB_SETTINGS_DIR": work_dir / "config" / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": work_dir / "config" / "lab" / "workspaces",
        "XDG_CONFIG_HOME": work_dir / "home" / ".config",
        "XDG_CACHE_HOME": work_dir / "home" / ".cache",
        "XDG_DATA_HOME": work_dir / "home" / ".local" / "share",
    }
    for name, path in folders.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    for name, value in dict(extra).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _notebook_ui_installed(python: str) -> bool:
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('notebook') is None)"
    return subprocess.run([python, "-c", probe], check=False).returncode == 0


def _server_command(python: str, port: int, token: str, root_dir: Path, settings_dir: Path) -> list[str]:
    command = [
        python,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: exact kernel/dirty/cell state
        f"--LabApp.app_settings_dir={settings_dir}",
        "--LabApp.extension_manager=readonly",
        "--FileContentsManager.delete_to_trash=False",
    ]
    if _notebook_ui_installed(python):  # Notebook 7 is served by the same process at /notebooks/
        command += [
            f"--JupyterNotebookApp.app_settings_dir={settings_dir}",
            "--JupyterNotebookApp.expose_app_in_browser=True",
        ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root; the server refuses otherwise
    return command


def _wait_until_serving(server: JupyterServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"Jupyter server exited with code {server.proc.returncode}:\n{server.log_tail()}")
        try:
            status = server.api("api/status", timeout=2)
            if isinstance(status, dict) and "started" in status:
                return
        except (urllib.error.URLError, OSError, ValueError) as err:
            last_error = err
        time.sleep(0.2)
    raise TimeoutError(f"Jupyter server not answering after {timeout}s ({last_error}):\n{server.log_tail()}")


def _kernel_pids(runtime_dir: Path) -> list[int]:
    """Processes whose command line names our private runtime folder: the kernels' connection files."""
    marker = str(runtime_dir).encode()
    pids = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if marker in (proc_dir / "cmdline").read_bytes():
                pids.append(int(proc_dir.name))
    return pids


def stop_jupyter_server(server: JupyterServer, timeout: float = 15) -> None:
    """Stop the server (API shutdown, then SIGTERM/SIGKILL to its process group) and any kernel left.

    Kernels run in sessions of their own, so one that outlives the server (found by its
    connection file in our private runtime folder) is killed by its process id.
    """
    proc = server.proc
    if proc.poll() is None:
        with contextlib.suppress(Exception):
            server.api("api/shutdown", method="POST", timeout=5)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    for pid in _kernel_pids(server.work_dir / "runtime"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def start_jupyter_server(
    root_dir: Path,
    *,
    work_dir: Path,
    log_dir: Path,
    env: Mapping[str, str | None] = (),
    ipython_startup: Mapping[str, str] = (),
    settings: Mapping[str, Mapping[str, Any]] = (),
    python: str = sys.executable,
    startup_timeout: float = 90,
) -> Iterator[JupyterServer]:
    """Start `python -m jupyterlab` over `root_dir`, yield it once it answers, and always stop it.

    `env` adds variables to the server's (and so the kernels') environment; `settings` adds
    JupyterLab settings (plugin id -> values) to `SETTINGS_OVERRIDES`.
    `ipython_startup` maps file names to code placed in the isolated IPython profile's
    startup folder: every kernel of this server runs it first (the sabotage test uses it
    to break answer recording without touching the kit's code).
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    settings_dir = work_dir / "app-settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    overrides = {name: dict(values) for name, values in SETTINGS_OVERRIDES.items()}
    for name, values in dict(settings).items():
        overrides.setdefault(name, {}).update(values)
    (settings_dir / "overrides.json").write_text(json.dumps(overrides, indent=2))
    # The kit's own JupyterLab defaults, where an installed course puts them (course.lab_settings).
    kit_settings = REPO / "course" / "data" / "jupyterlab" / "mlops-course.json"
    if kit_settings.is_file():
        (settings_dir / "overrides.d").mkdir(exist_ok=True)
        shutil.copyfile(kit_settings, settings_dir / "overrides.d" / kit_settings.name)
    server_env = isolated_env(work_dir, env)
    startup = Path(server_env["IPYTHONDIR"]) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    # The kit's kernel setting, as an installed course has it in <prefix>/etc/ipython/ (course.kernel_setting).
    kernel_setting = REPO / "jupyter-config" / "ipython" / "ipython_kernel_config.json"
    if kernel_setting.is_file():
        shutil.copyfile(kernel_setting, startup.parent / kernel_setting.name)
    for name, code in dict(ipython_startup).items():
        (startup / name).write_text(code)
    log_dir.mkdir(parents=True, exist_ok=True)

    server: JupyterServer | None = None
    try:
        for attempt in range(3):  # the free port can be taken before the server binds it
            port, token = free_port(), secrets.token_hex(24)
            log_path = log_dir / f"jupyter-server-{port}.log"
            started = time.perf_counter()
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    _server_command(python, port, token, root_dir, settings_dir),
                    env=server_env,
                    cwd=root_dir,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            server = JupyterServer(proc, port, token, root_dir, work_dir, log_path, env=server_env)
            try:
                _wait_until_serving(server, startup_timeout)
            except (RuntimeError, TimeoutError):
                stop_jupyter_server(server)
                if attempt < 2 and "already in use" in server.log_tail(200):
                    continue
                raise
            server.startup_seconds = time.perf_counter() - started
            break
        assert server is not None
        yield server
    finally:
        if server is not None:
            stop_jupyter_server(server)


# --------------------------------------------------------------------------- browser

_live_browsers: list[Browser] = []


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Playwright driving the system Chromium, headless; closed on exit whatever happened.

    One process can run only one synchronous Playwright, so when a browser is already
    running here (the browser tests' and the hub test's fixtures may share a worker), that
    one is handed out and left for its owner to close.
    """
    from playwright.sync_api import sync_playwright

    if _live_browsers:
        yield _live_browsers[0]
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS))
        _live_browsers.append(browser)
        try:
            yield browser
        finally:
            _live_browsers.remove(browser)
            with contextlib.suppress(Exception):
                browser.close()


def new_page(browser: Browser) -> Page:
    """A page in a fresh browser context (own storage), recording console messages and page errors."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    page._mlc_console = console  # type: ignore[attr-defined]
    page._mlc_dialogs = []  # type: ignore[attr-defined]
    return page


def console_messages(page: Page) -> list[str]:
    return list(getattr(page, "_mlc_console", []))


def dialog_log(page: Page) -> list[str]:
    """Titles of the JupyterLab dialogs answered on this page, in order."""
    return page._mlc_dialogs  # type: ignore[attr-defined,no-any-return]


def screenshot(page: Page, directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:120] or "page"
    path = directory / f"{safe}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def capture_all_pages(directory: Path, prefix: str) -> list[Path]:
    """Screenshot and console log of every open page of every live browser (for a failed test)."""
    saved: list[Path] = []
    pages = [page for browser in list(_live_browsers) for context in browser.contexts for page in context.pages]
    for index, page in enumerate(pages):
        with contextlib.suppress(Exception):
            saved.append(screenshot(page, directory, f"{prefix}-page{index}"))
        messages = console_messages(page)
        if messages:
            log = directory / f"{prefix}-page{index}-console.log"
            log.write_text("\n".join(messages) + "\n")
            saved.append(log)
    return saved


# --------------------------------------------------------------------------- page state

# The notebook panel the user is looking at, in JupyterLab or Notebook 7.
_ACTIVE_PANEL_JS = """
function __mlcPanel() {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (w && w.node && w.node.classList.contains('jp-NotebookPanel')) return w;
  return null;
}
"""

_KERNEL_STATUS_JS = (
    _ACTIVE_PANEL_JS
    + """
function __mlcKernelStatus() {
  const w = __mlcPanel();
  if (!w) return 'no-panel';
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return kernel ? kernel.status : 'no-kernel';
}
"""
)


def kernel_status(page: Page) -> str:
    """'idle', 'busy', 'starting', 'no-kernel', 'no-panel'..."""
    return str(page.evaluate("() => {" + _KERNEL_STATUS_JS + " return __mlcKernelStatus(); }"))


def notebook_state(page: Page) -> dict[str, Any]:
    """Active cell index, number of cells, mode and unsaved changes of the active notebook."""
    return dict(
        page.evaluate(
            "() => {"
            + _ACTIVE_PANEL_JS
            + """
  const w = __mlcPanel();
  if (!w) return {};
  return { active: w.content.activeCellIndex, cells: w.content.widgets.length,
           mode: w.content.mode, dirty: w.context.model.dirty };
}"""
        )
    )


def is_dirty(page: Page) -> bool:
    return bool(notebook_state(page).get("dirty"))


def active_panel(page: Page) -> Locator:
    """Locator of the active notebook panel (the current tab in JupyterLab)."""
    panel_id = page.evaluate("() => {" + _ACTIVE_PANEL_JS + " const w = __mlcPanel(); return w ? w.node.id : null; }")
    if panel_id:
        return page.locator(f'[id="{panel_id}"]')
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first


# --------------------------------------------------------------------------- waiting and dialogs

DIALOG_ANSWERS: dict[str, str] = {
    "Select Kernel": "Select",
    "Restart Kernel": "Restart",
    "Save your work": "Save",
    "File Changed": "Overwrite",
}


def handle_dialogs(page: Page, answers: Mapping[str, str] = (), max_dialogs: int = 5) -> list[str]:
    """Answer the open JupyterLab dialogs (title prefix -> button label; else the accept button)."""
    table = {**DIALOG_ANSWERS, **dict(answers)}
    dialog = page.locator(".jp-Dialog")
    handled: list[str] = []
    while dialog.count() and len(handled) < max_dialogs:
        box = dialog.first
        title = box.locator(".jp-Dialog-header").inner_text().strip()
        label = next((v for k, v in table.items() if title.startswith(k)), None)
        button = box.locator("button.jp-Dialog-button.jp-mod-accept")
        if label:
            named = box.locator("button.jp-Dialog-button").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
            if named.count():
                button = named
        button.first.click()
        box.wait_for(state="detached")
        handled.append(title)
    dialog_log(page).extend(handled)
    return handled


def wait_js(
    page: Page, condition_js: str, *, arg: Any = None, timeout: float = 30, answers: Mapping[str, str] = (), what: str
) -> None:
    """Wait until the JS function `condition_js(arg)` is truthy, answering dialogs that come up meanwhile."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    js = f"(arg) => document.querySelector('.jp-Dialog') ? 'dialog' : (({condition_js})(arg) ? 'ok' : false)"
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise PlaywrightTimeout("deadline passed")
            result = page.wait_for_function(js, arg=arg, polling=50, timeout=remaining * 1000)
        except PlaywrightTimeout as err:
            raise TimeoutError(f"{what}: not reached within {timeout:.0f}s (kernel {kernel_status(page)})") from err
        if result.json_value() == "ok":
            return
        handle_dialogs(page, answers)


_IDLE_SETTLED_JS = (
    "(settle) => {"
    + _KERNEL_STATUS_JS
    + """
  const now = performance.now();
  if (__mlcKernelStatus() !== 'idle') { window.__mlcIdleSince = null; return false; }
  if (window.__mlcIdleSince == null) window.__mlcIdleSince = now;
  return now - window.__mlcIdleSince >= settle;
}"""
)


def wait_kernel_idle(page: Page, timeout: float = 60, settle_ms: int = 300, answers: Mapping[str, str] = ()) -> None:
    """Wait until the kernel has been idle for `settle_ms` in a row.

    The settle time absorbs the short busy blips after a (re)start and from widget messages.
    """
    page.evaluate("() => { window.__mlcIdleSince = null; }")
    wait_js(page, _IDLE_SETTLED_JS, arg=settle_ms, timeout=timeout, answers=answers, what="idle kernel")


def wait_notebook_ready(page: Page, timeout: float = 90) -> None:
    """The splash screen gone, the cells rendered and the kernel idle."""
    deadline = time.monotonic() + timeout
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=timeout * 1000)
    wait_js(
        page,
        "() => {" + _ACTIVE_PANEL_JS + " const w = __mlcPanel(); return w && w.node.querySelector('.jp-Cell'); }",
        timeout=timeout,
        what="notebook cells",
    )
    wait_kernel_idle(page, timeout=max(1.0, deadline - time.monotonic()))


def _goto(page: Page, url: str) -> None:
    """Navigate, accepting a 'leave the page?' prompt (unsaved changes) if one comes up."""

    def on_dialog(dialog: Any) -> None:
        dialog_log(page).append(f"browser:{dialog.type}")
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="domcontentloaded")
    finally:
        page.remove_listener("dialog", on_dialog)


# --------------------------------------------------------------------------- what a person does


def open_notebook(page: Page, server: JupyterServer, path: str, *, ui: UI = "lab", timeout: float = 90) -> float:
    """Load `path` in JupyterLab (or Notebook 7) and wait until it is ready; returns the seconds it took."""
    started = time.perf_counter()
    _goto(page, server.url(path, ui=ui))
    wait_notebook_ready(page, timeout=timeout)
    return time.perf_counter() - started


def click_menu(page: Page, path: str) -> None:
    """Click a main-menu item such as "Kernel>Restart Kernel and Run All Cells" (labels exact, '…' ignored)."""
    parts = [p.strip() for p in path.split(">")]
    if page.locator(".lm-Menu").count():
        page.keyboard.press("Escape")  # a stray open menu would swallow the click
    title = re.compile(rf"^{re.escape(parts[0])}$")
    page.locator(".lm-MenuBar-item").filter(has=page.locator(".lm-MenuBar-itemLabel", has_text=title)).first.click()
    for depth, label in enumerate(parts[1:], start=1):
        menu = page.locator(".lm-Menu").nth(depth - 1)
        menu.wait_for(state="visible")
        pattern = re.compile(rf"^{re.escape(label.rstrip('…. '))}(…|\.\.\.)?$")
        item = menu.locator("li.lm-Menu-item").filter(has=page.locator(".lm-Menu-itemLabel", has_text=pattern)).first
        if depth < len(parts) - 1:
            item.hover()
            page.locator(".lm-Menu").nth(depth).wait_for(state="visible")
        else:
            item.click()


# Remember whether any cell showed "[*]" (queued or running) after the run was started.
_WATCH_RUN_JS = (
    "() => {"
    + _ACTIVE_PANEL_JS
    + """
  if (window.__mlcWatch) window.__mlcWatch.stop();
  const panel = __mlcPanel().node;
  const state = { sawRunning: false, slots: [] };
  const check = () => {
    for (const p of panel.querySelectorAll('.jp-InputPrompt')) if (p.textContent.includes('*')) state.sawRunning = true;
  };
  state.observer = new MutationObserver(check);
  state.observer.observe(panel, { subtree: true, childList: true, characterData: true });
  // The cell models say it too, for cells scrolled out of the DOM and for a run so quick that
  // its "[*]" prompts come and go between two observer callbacks.
  for (const c of __mlcPanel().content.widgets) {
    const signal = c.model && c.model.stateChanged;
    if (!signal) continue;
    const slot = (_, change) => {
      if (change.name === 'executionState' && change.newValue === 'running') state.sawRunning = true;
      if (change.name === 'executionCount' && change.newValue != null) state.sawRunning = true;
    };
    signal.connect(slot);
    state.slots.push([signal, slot]);
  }
  state.stop = () => {
    state.observer.disconnect();
    for (const [signal, slot] of state.slots) signal.disconnect(slot);
  };
  window.__mlcWatch = state;
}"""
)

# Done: a cell ran, no prompt shows "[*]" and no cell model is running (covers cells scrolled out of the DOM).
_RUN_DONE_JS = (
    "() => {"
    + _ACTIVE_PANEL_JS
    + """
  const st = window.__mlcWatch, w = __mlcPanel();
  if (!st || !st.sawRunning || !w) return false;
  for (const p of w.node.querySelectorAll('.jp-InputPrompt')) if (p.textContent.includes('*')) return false;
  return !w.content.widgets.some(c => c.model.executionState === 'running');
}"""
)


def _run_and_wait(page: Page, menu_path: str, timeout: float, answers: Mapping[str, str] = ()) -> float:
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    page.evaluate(_WATCH_RUN_JS)
    click_menu(page, menu_path)
    wait_js(page, _RUN_DONE_JS, timeout=timeout, answers=answers, what=f"end of '{menu_path}'")
    wait_kernel_idle(page, timeout=max(1.0, deadline - time.monotonic()), answers=answers)
    page.evaluate("() => window.__mlcWatch && window.__mlcWatch.stop()")
    return time.perf_counter() - started


def run_all_cells(page: Page, timeout: float = 180) -> float:
    """Run > Run All Cells, then wait until every cell has finished; returns the seconds it took."""
    return _run_and_wait(page, "Run>Run All Cells", timeout)


def restart_kernel_and_run_all(page: Page, timeout: float = 180) -> float:
    """Kernel > Restart Kernel and Run All Cells, confirmed; waits for the run to finish."""
    return _run_and_wait(page, "Kernel>Restart Kernel and Run All Cells", timeout, {"Restart Kernel": "Restart"})


def save(page: Page, timeout: float = 30) -> float:
    """Press Ctrl+S as a learner would; wait for the file to be written and the document clean."""
    started = time.perf_counter()
    responses: list[Any] = []

    def on_response(response: Any) -> None:
        if response.request.method == "PUT" and "/api/contents/" in response.url:
            responses.append(response)

    page.on("response", on_response)
    try:
        with contextlib.suppress(Exception):  # focus only helps; Ctrl+S is an application-wide shortcut
            active_panel(page).locator(".jp-Notebook").first.focus(timeout=2000)
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + timeout
        while not responses:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Ctrl+S sent no save request within {timeout}s")
            handle_dialogs(page, {"File Changed": "Overwrite"})
            page.wait_for_timeout(50)
    finally:
        page.remove_listener("response", on_response)
    if not responses[-1].ok:
        raise RuntimeError(f"saving failed: HTTP {responses[-1].status}")
    wait_js(
        page,
        "() => {" + _ACTIVE_PANEL_JS + " const w = __mlcPanel(); return w && !w.context.model.dirty; }",
        timeout=timeout,
        what="document clean after saving",
    )
    return time.perf_counter() - started


def close_notebook(page: Page, *, save_changes: bool = False, timeout: float = 30) -> None:
    """File > Close Tab in JupyterLab; a 'Save your work' dialog is answered per `save_changes`."""
    panel_id = active_panel(page).get_attribute("id")
    click_menu(page, "File>Close Tab")
    wait_js(
        page,
        "(id) => !document.getElementById(id)",
        arg=panel_id,
        timeout=timeout,
        answers={"Save your work": "Save" if save_changes else "Discard"},
        what="notebook closed",
    )


def reopen(page: Page, path: str, timeout: float = 90) -> float:
    """Open `path` again from the running JupyterLab (File > Open from Path); returns the seconds it took."""
    started = time.perf_counter()
    click_menu(page, "File>Open from Path")
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input").first.fill(path)
    dialog.locator("button.jp-Dialog-button.jp-mod-accept").first.click()
    dialog.first.wait_for(state="detached")
    current_tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current")
    current_tab.filter(has_text=Path(path).name).first.wait_for(timeout=timeout * 1000)
    wait_notebook_ready(page, timeout=timeout)
    return time.perf_counter() - started


@dataclass(frozen=True)
class ClickTiming:
    """From a click to the expected text appearing: measured in Python and inside the page."""

    wall_ms: float  # before click() until the page reported the text
    page_ms: float  # from the click event to the DOM change that showed the text


def click_and_time(page: Page, target: Locator, container: Locator, text: str, timeout: float = 30) -> ClickTiming:
    """Click `target` and wait until `container` (one element) shows `text`; returns how long it took."""
    container.wait_for(state="attached", timeout=timeout * 1000)
    target.wait_for(state="visible", timeout=timeout * 1000)
    container.evaluate(
        """(box, text) => {
          const st = window.__mlcClick = { t0: null, ms: null };
          const check = () => {
            if (st.t0 !== null && st.ms === null && box.innerText.includes(text)) {
              st.ms = performance.now() - st.t0;
              observer.disconnect();
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
          document.addEventListener('click', () => { st.t0 = performance.now(); check(); },
                                    { once: true, capture: true });
        }""",
        text,
    )
    started = time.perf_counter()
    target.click()
    page.wait_for_function("() => window.__mlcClick.ms !== null", polling="raf", timeout=timeout * 1000)
    wall_ms = (time.perf_counter() - started) * 1000
    return ClickTiming(wall_ms=wall_ms, page_ms=float(page.evaluate("window.__mlcClick.ms")))


class Steps:
    """Named steps of a browser test, each followed by a screenshot in `directory`.

    The conftest deletes the screenshots of a test that passed, so a failed test keeps a
    picture of every step up to the failing one. A failing step also gets its own
    screenshot and a note naming it (and where the pictures are) on the error.
    """

    def __init__(self, page: Page, directory: Path) -> None:
        self.page = page
        self.directory = directory
        self.count = 0
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, title: str) -> Iterator[None]:
        self.count += 1
        name = f"step{self.count:02d}-{title}"
        started = time.perf_counter()
        try:
            yield
        except BaseException as err:
            with contextlib.suppress(Exception):
                screenshot(self.page, self.directory, f"{name}-FAILED")
            shown = self.directory.relative_to(REPO) if self.directory.is_relative_to(REPO) else self.directory
            err.add_note(f"Browser step {self.count} '{title}' failed; screenshots of each step are in {shown}/")
            raise
        finally:
            self.seconds[title] = round(time.perf_counter() - started, 2)
        with contextlib.suppress(Exception):
            screenshot(self.page, self.directory, name)


# --------------------------------------------------------------------------- files


def copy_course(repo: Path, target: Path, folders: tuple[str, ...] = ("exercises", "notebooks")) -> Path:
    """A temporary copy of the course folders a learner works in (the server never sees the checkout)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


# --------------------------------------------------------------------------- the course's side

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
LEARNER_ID = "e2e-learner"
TIMINGS_PROPERTY = "browser_timings"


def course_kernel_env(home: Path) -> dict[str, str | None]:
    """What the kernels must (not) inherit: a known course home and learner id; no other definitions or theme."""
    return {
        "MLOPS_COURSE_HOME": str(home),
        "MLOPS_COURSE_LEARNER": LEARNER_ID,
        "MLOPS_COURSE_EXERCISES": None,
        "MLOPS_COURSE_FIGURE_THEME": None,
        "JUPYTERHUB_USER": None,
    }


def write_timings(test_name: str, timings: Mapping[str, Any]) -> Path:
    """Merge one test's timings into test-artifacts/browser/timings.json."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "timings.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data[test_name] = dict(timings)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def wait_for_autosave(page: Page, interval_s: float) -> None:
    """Wait until JupyterLab's autosave has written the current notebook once more.

    An autosave that overlaps a run can leave the document marked clean although the run
    changed it afterwards (JupyterLab sets the flag when the save ends); the document is marked
    changed again, so the next autosave, as after a learner's next edit, writes the model.
    """
    page.evaluate(
        """() => {
          const context = window.jupyterapp.shell.currentWidget.context;
          window.__mlcSaves = 0;
          context.saveState.connect((_, state) => { if (state === 'completed') window.__mlcSaves += 1; });
          context.model.dirty = true;
        }"""
    )
    wait_js(page, "() => window.__mlcSaves >= 1", timeout=interval_s * 4 + 30, what="autosave")


# --------------------------------------------------------------------------- the README's own words

QUICK_START_MARKER = "ci:quick-start"
START_COMMAND = "mlops-course start"
# What a learner's shell may not carry into a fresh virtual environment (this test run's own one).
NOT_A_NEWCOMERS = (
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PYTHONHOME",
    "CONDA_PREFIX",
    "MLOPS_COURSE_HOME",
    "MLOPS_COURSE_LEARNER",
    "MLOPS_COURSE_EXERCISES",
    "MLOPS_COURSE_FIGURE_THEME",
    "JUPYTERHUB_USER",
)


def readme_block(readme: Path, marker: str) -> list[str]:
    """The non-empty lines of the fenced block after `<!-- marker -->`, found as .ci/run finds its commands."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(f"<!-- {marker} -->")
    except ValueError:
        raise AssertionError(f"{readme} has no <!-- {marker} --> line") from None
    block: list[str] = []
    inside = False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            if inside:
                return block
            inside = True
        elif inside and line.strip():
            block.append(line)
    raise AssertionError(f"{readme}: the block after <!-- {marker} --> is not closed")


def clone_of_work_tree(repo: Path, target: Path) -> Path:
    """What a fresh `git clone` holds: the files git tracks (and new ones it does not ignore), as they are now.

    A clone of the last commit would miss the change under test; copying the folder would bring
    along ignored things a clone never has (.venv/, build/, test-artifacts/).
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = repo / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@contextlib.contextmanager
def environments_dropped_when_passed(request: pytest.FixtureRequest, *venvs: Path) -> Iterator[None]:
    """Delete the virtual environments a fixture's tests made, once they all passed (tens of thousands of files
    each: left for pytest, they are deleted after a later run's tests, and that run waits). Kept on a failure."""
    failed_before = request.session.testsfailed
    yield
    if request.session.testsfailed == failed_before:
        for venv in venvs:
            shutil.rmtree(venv, ignore_errors=True)


def pip_cache_dir() -> str:
    """pip's cache of this machine, so fresh environments install from it (the README test's HOME is new)."""
    configured = os.environ.get("PIP_CACHE_DIR")
    if configured:
        return configured
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache_home) / "pip")


def newcomer_env(work_dir: Path) -> dict[str, str]:
    """A shell like a newcomer's: a new HOME, no virtual environment active, no course variables, pip's cache."""
    path = os.environ.get("PATH", "").split(os.pathsep)
    if sys.prefix != sys.base_prefix:  # leave this run's virtual environment, as a new terminal has none
        here = Path(sys.prefix).resolve()
        path = [p for p in path if p and not Path(p).resolve().is_relative_to(here)]
    extra: dict[str, str | None] = dict.fromkeys(NOT_A_NEWCOMERS)
    extra |= {"PATH": os.pathsep.join(path), "PIP_CACHE_DIR": pip_cache_dir(), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return isolated_env(work_dir, extra)


def readme_script(folder: Path, lines: list[str], start_options: list[str]) -> str:
    """A bash script that runs `lines` in `folder`, one by one, stopping at the first failure.

    The last line must end with `mlops-course start`: the options a test needs (a port, a token, no
    browser) are added to it, as a learner adds `--no-browser --port 8899`.
    """
    assert lines and lines[-1].rstrip().endswith(START_COMMAND), (
        f"the quick start does not end in {START_COMMAND}: {lines}"
    )
    *before, last = lines
    script = ["set -e", f"cd {shlex.quote(str(folder))}", *before, f"{last.rstrip()} {shlex.join(start_options)}"]
    return "\n".join(script) + "\n"


def server_options(port: int, token: str) -> list[str]:
    """The options a test adds to a learner's own start command: no browser, a port, a token, the app object."""
    options = [
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for the harness's state checks
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.append("--allow-root")  # CI containers run as root; the server refuses otherwise
    return options


@contextlib.contextmanager
def run_server(
    command: list[str],
    *,
    cwd: Path,
    root_dir: Path,
    work_dir: Path,
    env: dict[str, str],
    log_path: Path,
    port: int,
    token: str,
    timeout: float,
) -> Iterator[JupyterServer]:
    """Run `command` (which starts a Jupyter server on `port` with `token`), yield it once it answers,
    and always stop it, kernels included."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = JupyterServer(proc, port, token, root_dir, work_dir, log_path, env=env)
    try:
        _wait_until_serving(server, timeout)
        server.startup_seconds = time.perf_counter() - started
        yield server
    finally:
        stop_jupyter_server(server)


@contextlib.contextmanager
def start_course_as_readme_says(
    folder: Path, readme: Path, *, work_dir: Path, log_dir: Path, timeout: float = 900
) -> Iterator[JupyterServer]:
    """Run the README's quick start in `folder` (a fresh venv, the install, `mlops-course start`) and yield
    the JupyterLab it started, once it answers; always stopped, kernels included.

    Only the options of `server_options` are added to `start`; JupyterLab's settings are what the
    install put in place, nothing of this harness's.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(24)
    script = work_dir / "quick-start.sh"
    lines = readme_block(readme, QUICK_START_MARKER)
    script.write_text(readme_script(folder, lines, server_options(port, token)), encoding="utf-8")
    with run_server(
        ["bash", str(script)],
        cwd=work_dir,
        root_dir=folder,
        work_dir=work_dir,
        env=newcomer_env(work_dir),
        log_path=log_dir / f"quick-start-{folder.name}-{port}.log",
        port=port,
        token=token,
        timeout=timeout,
    ) as server:
        yield server


def first_lesson_url(server: JupyterServer) -> str:
    """The address `mlops-course start` opens in the browser (Jupyter writes it to a file even with --no-browser)."""
    runtime = Path(server.env["JUPYTER_RUNTIME_DIR"])
    pages = sorted(runtime.glob("jpserver-file-to-run-*-open.html"))
    assert pages, f"the server was given no notebook to open (no jpserver-file-to-run-*-open.html in {runtime})"
    match = re.search(r'url=([^"]+)"', pages[-1].read_text(encoding="utf-8"))
    assert match, pages[-1].read_text(encoding="utf-8")
    return match.group(1).replace("&amp;", "&")
