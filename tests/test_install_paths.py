"""The kit's Jupyter settings hold on every path the README names, with plain `jupyter lab`.

Binder and JupyterHub start JupyterLab themselves, and many learners type `jupyter lab` out of
habit: the settings must come with the install, not with `mlops-course start`. Each test here
installs the course into a fresh virtual environment the way one path does it, then starts plain
`jupyter lab` from the course folder (with a port and a token only) and asks the running server:

- the widget-state default is in force (JupyterLab's settings API: saveState's default is true),
  so a reopened notebook shows each exercise as saved instead of "Error displaying widget";
- a kernel it starts has loaded the kit's reader as it started (the kernel setting in
  `<prefix>/etc/ipython/`), so answers are read before Run All can clear them;
- the page config switches the news pop-up off.

The paths: a regular `pip install .` (a laptop, TLJH, a hub image built with pip), an editable
`pip install -e .` (the README's quick start), and environment.yml's pip section run as conda
runs it (conda, Binder's repo2docker, a Zero to JupyterHub image built by repo2docker): a
requirements file beside environment.yml, `pip install -U -r` in that folder. repo2docker's own
build cannot run here; this is the install and start it performs.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from course.kernel_setting import EXTENSION, kernel_setting_target
from course.lab_settings import settings_target
from tests.browser import harness as jh
from tests.yaml_tools import load_yaml

REPO = jh.REPO
WIDGETS_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
INSTALL_TIMEOUT = 900
SHARED_DATA = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"][
    "wheel"
]["shared-data"]


# --------------------------------------------------------------------------- fast: what the install ships


def test_every_setting_is_shipped_as_shared_data_where_jupyter_reads_it():
    """The three files, from the folders the learner edition ships too, to where JupyterLab and IPython look."""
    shipped = SHARED_DATA
    assert shipped == {
        "course/data/jupyterlab/mlops-course.json": settings_target("").as_posix(),
        "jupyter-config/labconfig/page_config.d/mlops-course.json": "etc/jupyter/labconfig/page_config.d/mlops-course.json",
        "jupyter-config/ipython/ipython_kernel_config.json": kernel_setting_target("").as_posix(),
    }
    for source in SHARED_DATA:
        assert (REPO / source).is_file(), source
        json.loads((REPO / source).read_text(encoding="utf-8"))


def test_environment_yml_installs_the_course_with_pip_from_its_folder():
    """What the conda path below runs: the pip section of environment.yml, ending with the course itself."""
    assert pip_section(REPO / "environment.yml")[-1] == "-e ."


# --------------------------------------------------------------------------- slow: real installs


def pip_section(environment_yml: Path) -> list[str]:
    dependencies = load_yaml(environment_yml.read_text(encoding="utf-8"))["dependencies"]
    sections = [item["pip"] for item in dependencies if isinstance(item, dict) and "pip" in item]
    assert len(sections) == 1, sections
    return [str(line).split(" #")[0].strip() for line in sections[0]]


def install_as_conda_does(python: Path, folder: Path, env: dict[str, str]) -> list[list[str]]:
    """environment.yml's pip section, as conda runs it: a requirements file beside it, pip in that folder."""
    requirements = folder / f"condaenv.{uuid.uuid4().hex[:8]}.requirements.txt"
    requirements.write_text("\n".join(pip_section(folder / "environment.yml")) + "\n", encoding="utf-8")
    try:
        command = [str(python), "-m", "pip", "install", "-U", "-r", requirements.name]
        run(command, folder, env)
    finally:
        requirements.unlink()
    return [command]


INSTALLS = {
    "regular": ["install", "."],
    "editable": ["install", "-e", "."],
    "environment.yml": None,  # install_as_conda_does
}


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return jh.clone_of_work_tree(REPO, tmp_path_factory.mktemp("clone") / "mlops-roles-course")


def activated(env: dict[str, str], venv: Path) -> dict[str, str]:
    """`env` with the virtual environment at `venv` activated, as in the learner's terminal."""
    return {**env, "VIRTUAL_ENV": str(venv), "PATH": os.pathsep.join([str(venv / "bin"), env["PATH"]])}


def kernel_output(server: jh.JupyterServer, code: str, timeout: float = 120) -> str:
    """Start a kernel through the server's REST API, run `code` over its websocket, return what it printed."""
    import websocket  # websocket-client, a dependency of jupyter_server

    kernel = server.api("api/kernels", method="POST", timeout=60)
    try:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels",
            header=[f"Authorization: token {server.token}"],
            timeout=timeout,
        )
        try:
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": "t"},
                        "parent_header": {},
                        "metadata": {},
                        "content": {"code": code, "silent": False},
                        "channel": "shell",
                    }
                )
            )
            # The reply comes on the shell channel and the printed text on iopub: they may arrive in
            # either order, so the output is complete only once both the reply and iopub's idle are in.
            printed, deadline = [], time.monotonic() + timeout
            replied = idle = False
            while time.monotonic() < deadline and not (replied and idle):
                message = json.loads(ws.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["msg_type"]
                if kind == "stream":
                    printed.append(message["content"]["text"])
                elif kind == "error":
                    raise AssertionError("the kernel failed: " + "\n".join(message["content"]["traceback"]))
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and message["content"].get("execution_state") == "idle":
                    idle = True
            if replied and idle:
                return "".join(printed)
            raise TimeoutError("no execute_reply and idle status from the kernel")
        finally:
            ws.close()
    finally:
        server.api(f"api/kernels/{kernel['id']}", method="DELETE")


def page_config(server: jh.JupyterServer) -> dict:
    """JupyterLab's page config, as the page a browser loads carries it."""
    import urllib.request

    request = urllib.request.Request(f"{server.base_url}lab", headers={"Authorization": f"token {server.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode("utf-8")
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, flags=re.S)
    assert found, "no page config in JupyterLab's page"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.slow
@pytest.mark.parametrize("path", list(INSTALLS))
def test_the_settings_hold_with_plain_jupyter_lab(path: str, clone: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    env = jh.newcomer_env(tmp_path / "work")
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    env = activated(env, venv)
    python = venv / "bin" / "python"
    started = time.perf_counter()
    if INSTALLS[path] is None:
        install_as_conda_does(python, clone, env)
    else:
        run([str(python), "-m", "pip", *INSTALLS[path]], clone, env)
    install_s = time.perf_counter() - started

    # The files are in the environment's prefix, whatever the install.
    prefix = Path(subprocess.check_output([str(python), "-c", "import sys; print(sys.prefix)"], text=True).strip())
    for target in SHARED_DATA.values():
        assert (prefix / target).is_file(), f"{path} install: {target} missing from {prefix}"

    port, token = jh.free_port(), secrets.token_hex(24)
    with jh.run_server(
        [str(venv / "bin" / "jupyter"), "lab", *jh.server_options(port, token)],
        cwd=clone,  # repo2docker and a learner start from the course folder
        root_dir=clone,
        work_dir=tmp_path / "work",
        env=env,
        log_path=jh.ARTIFACTS.parent / "install-paths" / f"jupyter-lab-{path}.log",
        port=port,
        token=token,
        timeout=120,
    ) as server:
        widgets = server.api(f"lab/api/settings/{WIDGETS_PLUGIN}")
        assert widgets["schema"]["properties"]["saveState"]["default"] is True, "widget state is not saved by default"
        assert "saveState" not in (widgets.get("settings") or {}), "a user setting, not the kit's default, decided"
        printed = kernel_output(
            server,
            "import sys\n"
            f"print('loaded' if {EXTENSION!r} in get_ipython().extension_manager.loaded else 'not loaded')\n"
            "print(sys.prefix)",
        )
        state, kernel_prefix = printed.split()
        assert Path(kernel_prefix).resolve() == prefix.resolve(), "the kernel does not run in the fresh environment"
        assert state == "loaded", f"{path} install: the kernel did not load {EXTENSION} as it started"
        disabled = page_config(server).get("disabledExtensions", [])
        assert NEWS_PLUGIN in disabled, f"{path} install: the news pop-up is not switched off ({disabled})"
    print(f"\n[install paths] {path}: install {install_s:.0f} s, JupyterLab up in {server.startup_seconds:.1f} s")
    shutil.rmtree(venv, ignore_errors=True)  # passed: tens of thousands of files a later run would wait to delete
