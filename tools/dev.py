#!/usr/bin/env python3
"""Developer tooling for the corporate_client addon.

One entry point behind the Makefile targets:

    python3 tools/dev.py setup   # venv, Odoo 18.0 source, requirements, PostgreSQL
    python3 tools/dev.py demo    # + fresh demo database, serve on 127.0.0.1:8069
    python3 tools/dev.py test    # + fresh test database, full pytest-odoo suite
    python3 tools/dev.py lint    # ruff, pylint-odoo, oca-checks-odoo-module
    python3 tools/dev.py bench   # benchmarks (prints figures)
    python3 tools/dev.py shell   # odoo shell on the demo database

Everything downloaded or built lives in a cache directory
(``$CORPORATE_CLIENT_CACHE``, default ``~/.cache/corporate_client``) and is reused
on the next run.  Only the Python standard library is used until the virtualenv
exists.
"""

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "corporate_client"
ODOO_BRANCH = "18.0"
ODOO_GIT = "https://github.com/odoo/odoo"
CACHE = Path(
    os.environ.get("CORPORATE_CLIENT_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / ADDON
)
PY_TAG = f"py{sys.version_info.major}{sys.version_info.minor}"
VENV = Path(os.environ.get("CORPORATE_CLIENT_VENV") or CACHE / f"venv-{PY_TAG}")
# A key per checkout, so that two clones never share a database or a port.
CHECKOUT_KEY = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
WORK = CACHE / "checkouts" / CHECKOUT_KEY
DATA_DIR = CACHE / "data"
# What the addon itself needs beyond Odoo's requirements.txt (Odoo 18 lists
# phonenumbers as optional): the phone system's numbers in E.164 (issue 33).
ADDON_REQUIREMENTS = ["phonenumbers==9.0.43"]
DEV_REQUIREMENTS = [
    "pytest==8.3.5",
    "pytest-odoo==2.3.0",
    "websocket-client==1.8.0",
    "coverage==7.6.12",
]
# Lint and packaging tools get a venv of their own: their dependencies (polib,
# lxml, ...) conflict with the versions Odoo pins.
LINT_VENV = CACHE / f"lint-venv-{PY_TAG}"
# The load client (make load) too: Locust pins gevent/Werkzeug versions other than Odoo's.
LOCUST_VENV = CACHE / f"locust-venv-{PY_TAG}"
LOCUST_REQUIREMENTS = ["locust==2.47.0", "psutil==7.2.2"]
LINT_REQUIREMENTS = [
    "ruff==0.9.10",
    "pylint-odoo==9.3.24",
    "oca-odoo-pre-commit-hooks==0.2.27",
    "whool==1.3.1",
    "build==1.2.2",
]
# Modules installed in the benchmark database only, to compare against.
BENCH_MODULES = ["gamification"]
# Odoo's requirements.txt pins for Python < 3.12 include sdists that no longer
# build; the pins it lists for 3.12 ship wheels for 3.10-3.12 as well.
PIN_PYTHON = "3.12"
# Packages of requirements.txt we replace or skip (none of our features needs them).
REQ_REPLACE = {"psycopg2": "psycopg2-binary"}
REQ_SKIP = {"python-ldap", "pypiwin32", "rl-renderpm"}


class SetupError(Exception):
    """A set-up step failed: the message says what is missing and how to fix it."""


def say(msg):
    print(f"[{ADDON}] {msg}", flush=True)


def run(cmd, check=True, **kw):
    return subprocess.run([str(c) for c in cmd], check=check, **kw)


def venv_python():
    return VENV / "bin" / "python"


# --------------------------------------------------------------------------- odoo
def odoo_src():
    src = os.environ.get("ODOO_SRC")
    if src:
        path = Path(src).expanduser().resolve()
        if not (path / "odoo" / "release.py").exists():
            raise SetupError(
                f"ODOO_SRC={src} is not an Odoo source tree (odoo/release.py missing). "
                f"Point it to a checkout: git clone -b {ODOO_BRANCH} --depth 1 {ODOO_GIT}"
            )
        return path
    path = CACHE / f"odoo-{ODOO_BRANCH}"
    if (path / "odoo" / "release.py").exists():
        return path
    say(f"Odoo {ODOO_BRANCH} not found in {path}: cloning {ODOO_GIT} (shallow)…")
    if not shutil.which("git"):
        raise SetupError("git is not installed: apt-get install git (or set ODOO_SRC)")
    tmp = path.with_name(path.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    res = run(
        ["git", "clone", "-q", "--depth", "1", "-b", ODOO_BRANCH, ODOO_GIT, tmp],
        check=False,
    )
    if res.returncode:
        raise SetupError(
            f"Odoo {ODOO_BRANCH} source not found and the clone failed: set "
            f"ODOO_SRC=/path/to/odoo (git clone -b {ODOO_BRANCH} --depth 1 {ODOO_GIT})"
        )
    tmp.rename(path)
    return path


def check_odoo_version(src):
    text = (src / "odoo" / "release.py").read_text()
    if "version_info = (18, 0," not in text:
        raise SetupError(f"{src} is not Odoo 18.0 (see odoo/release.py); set ODOO_SRC")


# --------------------------------------------------------------------------- venv
def filtered_requirements(src):
    """Odoo's requirements.txt evaluated as for Python 3.12, written to the cache."""
    out = []
    for raw in (src / "requirements.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        spec, marker = spec.strip(), marker.strip()
        name = spec.split("=")[0].split("<")[0].split(">")[0].strip().lower()
        if name in REQ_SKIP:
            continue
        if marker and not eval_marker(marker):
            continue
        if name in REQ_REPLACE:
            spec = spec.replace(spec[: len(name)], REQ_REPLACE[name], 1)
        out.append(spec)
    return out


def eval_marker(marker):
    """Evaluate a PEP 508 marker with python_version pinned to PIN_PYTHON."""
    env = {
        "python_version": PIN_PYTHON,
        "sys_platform": sys.platform,
    }
    expr = marker
    for key, value in env.items():
        expr = expr.replace(key, repr(value))
    # Compare versions as tuples: '3.12' < '3.9' as strings would be wrong.
    import re

    expr = re.sub(
        r"'(\d+(?:\.\d+)+)'", lambda m: repr(tuple(map(int, m.group(1).split(".")))), expr
    )
    expr = expr.replace(" and ", " and ").replace(" or ", " or ")
    return bool(eval(expr, {"__builtins__": {}}, {}))  # noqa: S307 (trusted file)


def ensure_venv(src):
    reqs = filtered_requirements(src) + ADDON_REQUIREMENTS + DEV_REQUIREMENTS
    stamp = VENV / ".corporate_client-requirements"
    wanted = "\n".join(reqs + [str(src)])
    if venv_python().exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    if not venv_python().exists():
        say(f"creating virtualenv {VENV}")
        VENV.parent.mkdir(parents=True, exist_ok=True)
        res = run([sys.executable, "-m", "venv", VENV], check=False)
        if res.returncode:
            raise SetupError(
                "python3 -m venv failed: install the venv module (apt-get install python3-venv)"
            )
    req_file = CACHE / "requirements.txt"
    req_file.write_text("\n".join(reqs) + "\n")
    say("installing Odoo's Python requirements and the dev tools (once)…")
    pip = [venv_python(), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    res = run(pip + ["-r", req_file], check=False)
    if res.returncode:
        raise SetupError(
            f"pip could not install {req_file}: check network access to PyPI and the "
            "build tools (apt-get install build-essential python3-dev libpq-dev)"
        )
    # Make ``import odoo`` work from the venv without installing Odoo itself.
    site = run(
        [venv_python(), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "odoo-src.pth").write_text(str(src) + "\n")
    stamp.write_text(wanted)


# --------------------------------------------------------------------------- postgres
def pg_env():
    env = dict(os.environ)
    sock = CACHE / "pg" / "run"
    if not env.get("PGHOST") and (sock / ".s.PGSQL.5432").exists():
        env["PGHOST"] = str(sock)
    return env


def pg_ready(env):
    if not shutil.which("psql"):
        return False
    res = run(
        ["psql", "-d", "postgres", "-tAc", "select 1"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    return res.returncode == 0


def ensure_postgres():
    env = pg_env()
    if pg_ready(env):
        return env
    if not shutil.which("psql"):
        raise SetupError("PostgreSQL client not found: apt-get install postgresql (server >= 12)")
    is_root = os.geteuid() == 0
    if is_root and shutil.which("pg_lsclusters"):
        clusters = run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
        for line in clusters.splitlines():
            ver, name, _port, status = line.split()[:4]
            if status != "online":
                say(f"starting PostgreSQL cluster {ver}/{name}")
                run(["pg_ctlcluster", ver, name, "start"], check=False)
        user = env.get("PGUSER") or "root"
        run(
            ["su", "postgres", "-c", f"createuser -s {user}"],
            check=False,
            capture_output=True,
        )
        if pg_ready(env):
            return env
    # Last resort: a private cluster in the cache directory.
    initdb = shutil.which("initdb") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)), None
    )
    if initdb and not is_root:
        data = CACHE / "pg" / "data"
        sock = CACHE / "pg" / "run"
        sock.mkdir(parents=True, exist_ok=True)
        pg_ctl = Path(initdb).with_name("pg_ctl")
        if not (data / "PG_VERSION").exists():
            say(f"creating a private PostgreSQL cluster in {data}")
            run([initdb, "-D", data, "-A", "trust", "-U", os.environ.get("USER", "odoo")])
        run(
            [
                pg_ctl,
                "-D",
                data,
                "-l",
                CACHE / "pg" / "log",
                "-w",
                "start",
                "-o",
                f"-k {sock} -c listen_addresses=''",
            ],
            check=False,
        )
        env["PGHOST"] = str(sock)
        if pg_ready(env):
            return env
    raise SetupError(
        "PostgreSQL is not reachable: start a server (>= 12) and make it reachable "
        "through PGHOST/PGPORT/PGUSER (as root on Debian: pg_ctlcluster 15 main start; "
        "createuser -s $USER), or install it: apt-get install postgresql"
    )


# --------------------------------------------------------------------------- config
def addons_dir():
    """A directory holding a link named corporate_client to this checkout."""
    link_dir = WORK / "addons"
    link_dir.mkdir(parents=True, exist_ok=True)
    link = link_dir / ADDON
    if link.is_symlink() and Path(os.readlink(link)) == ROOT:
        return link_dir
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(ROOT, target_is_directory=True)
    return link_dir


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(src, env, name, db, port, extra=None, addons_folder=None, more_addons=()):
    """An Odoo config for ``db``; ``addons_folder`` holds the addon (default: this checkout)."""
    addons = [src / "odoo" / "addons", src / "addons", addons_folder or addons_dir(), *more_addons]
    lines = [
        "[options]",
        f"addons_path = {','.join(str(a) for a in addons)}",
        f"db_name = {db}",
        f"dbfilter = ^{db}$",
        "admin_passwd = admin",
        "http_interface = 127.0.0.1",
        f"http_port = {port}",
        f"gevent_port = {port + 1}" if port < 65000 else "",
        f"data_dir = {DATA_DIR}",
        "list_db = False",
        "max_cron_threads = 1",
    ]
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
        if env.get(key):
            opt = {
                "PGHOST": "db_host",
                "PGPORT": "db_port",
                "PGUSER": "db_user",
                "PGPASSWORD": "db_password",
            }[key]
            lines.append(f"{opt} = {env[key]}")
    lines += extra or []
    path = WORK / f"{name}.conf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(line for line in lines if line) + "\n")
    return path


def odoo_bin(src):
    return [venv_python(), src / "odoo-bin"]


def drop_db(env, db):
    run(["dropdb", "--if-exists", "--force", db], env=env, check=False)
    shutil.rmtree(DATA_DIR / "filestore" / db, ignore_errors=True)


def setup():
    src = odoo_src()
    check_odoo_version(src)
    ensure_venv(src)
    env = ensure_postgres()
    return src, env


# --------------------------------------------------------------------------- commands
def cmd_setup(_args):
    src, _env = setup()
    say(f"ready: Odoo {src}, venv {VENV}")
    return 0


def manifest_depends(root=ROOT):
    import ast

    manifest = ast.literal_eval((root / "__manifest__.py").read_text())
    return sorted(manifest["depends"])


def template_db(src, env, conf, demo, deps=None):
    """A database with the addon's dependencies installed, made once and reused.

    Installing Odoo's own modules takes most of the set-up time; a new database
    copied from this template only has to install corporate_client.  ``deps``:
    the dependencies of another release of the addon (upgrade-check).
    """
    deps = sorted(deps or manifest_depends())
    key = hashlib.sha1(
        "|".join([str(src), (src / "odoo" / "release.py").read_text(), *deps]).encode()
    ).hexdigest()[:10]
    name = f"corporate_client_tpl_{'demo' if demo else 'nodemo'}_{key}"
    if db_exists(env, name):
        return name
    say(f"building template database {name} with {', '.join(deps)} (once, ~1-2 min)…")
    cmd = odoo_bin(src) + [
        "-c",
        conf,
        "-d",
        name,
        "-i",
        ",".join(deps),
        "--stop-after-init",
        "--log-level=warn",
        "--no-http",
    ]
    if not demo:
        cmd.append("--without-demo=all")
    drop_db(env, name)
    started = time.time()
    res = run(cmd, env=env, check=False)
    if res.returncode:
        drop_db(env, name)
        raise SetupError(f"installing {', '.join(deps)} into {name} failed (see the log above)")
    say(f"template database {name} built in {time.time() - started:.0f} s")
    return name


def copy_db(env, tpl, db):
    """``db`` as a fresh copy of the template database ``tpl`` (and its filestore)."""
    drop_db(env, db)
    run(["createdb", "-T", tpl, db], env=env)
    if (DATA_DIR / "filestore" / tpl).exists():
        shutil.copytree(DATA_DIR / "filestore" / tpl, DATA_DIR / "filestore" / db)


def install_db(src, env, conf, db, demo, log_level="warn", deps=None):
    tpl = template_db(src, env, conf, demo, deps=deps)
    copy_db(env, tpl, db)
    cmd = odoo_bin(src) + [
        "-c",
        conf,
        "-d",
        db,
        "-i",
        ADDON,
        "--stop-after-init",
        "--no-http",
        f"--log-level={log_level}",
    ]
    if not demo:
        cmd.append("--without-demo=all")
    started = time.time()
    res = run(cmd, env=env, check=False)
    if res.returncode:
        raise SetupError(f"installing {ADDON} into database {db} failed (see the log above)")
    say(f"database {db} ready in {time.time() - started:.0f} s")


def addon_logged(src, env, conf, db, flag, log):
    """Install (``-i``) or update (``-u``) the addon in ``db``, the full log in ``log``."""
    with open(log, "w") as fh:
        return run(
            odoo_bin(src)
            + ["-c", conf, "-d", db, flag, ADDON, "--stop-after-init", "--no-http"]
            + ["--log-level=info"],
            env=env,
            check=False,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )


def cmd_demo(args):
    src, env = setup()
    db = args.db or "corporate_client_demo"
    conf = write_config(src, env, "demo", db, args.port)
    if args.reset or not db_exists(env, db):
        say(f"creating demo database {db} (Odoo + {ADDON} with demo data)…")
        install_db(src, env, conf, db, demo=True, log_level="info")
    else:
        say(f"reusing demo database {db} (make demo-reset to rebuild it); updating the addon")
        run(
            odoo_bin(src)
            + ["-c", conf, "-d", db, "-u", ADDON, "--stop-after-init", "--log-level=warn"],
            env=env,
        )
    say(f"serving on http://127.0.0.1:{args.port}  (login admin / admin; Ctrl-C stops)")
    if args.no_serve:
        return 0
    os.execvpe(str(venv_python()), [str(c) for c in odoo_bin(src) + ["-c", conf, "-d", db]], env)


def db_exists(env, db):
    res = run(
        ["psql", "-d", "postgres", "-tAc", f"select 1 from pg_database where datname='{db}'"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return res.stdout.strip() == "1"


def cmd_test(args):
    src, env = setup()
    return run_suite(src, env, "test", args.reuse_db, args.pytest_args)


def run_suite(src, env, name, reuse_db=False, pytest_args=()):
    """Install the addon in this checkout's test database of ``env``'s server, run pytest."""
    db = f"corporate_client_test_{CHECKOUT_KEY}"
    port = free_port()
    conf = write_config(src, env, name, db, port, extra=["workers = 0"])
    if reuse_db and db_exists(env, db):
        say(f"reusing test database {db}; updating the addon")
        run(
            odoo_bin(src)
            + ["-c", conf, "-d", db, "-u", ADDON, "--stop-after-init", "--log-level=warn"],
            env=env,
        )
    else:
        say(f"fresh test database {db}: installing {ADDON} (without demo data)…")
        install_db(src, env, conf, db, demo=False)
    browser = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if not browser:
        raise SetupError("Chromium not found (browser tours need it): apt-get install chromium")
    tests = addons_dir() / ADDON / "tests"
    cmd = [
        venv_python(),
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        "--odoo-http",
        f"--rootdir={addons_dir() / ADDON}",
        "-c",
        ROOT / "tools" / "pytest.ini",
        tests,
    ] + list(pytest_args)
    env = dict(env, PYTHONPATH=str(ROOT / "tools"))
    res = run(cmd, env=env, check=False, cwd=addons_dir() / ADDON)
    return res.returncode


# OCA neighbours a company typically runs beside the addon (their published 18.0
# packages, pinned): team visibility, credit risk, first and last names.
OCA_NEIGHBOURS = {
    "sales_team_security": "18.0.1.0.0.6",
    "sale_financial_risk": "18.0.1.0.8",
    "account_financial_risk": "18.0.1.2.1",
    "partner_firstname": "18.0.6.2.1",
}
# Whose tests run beside ours (account_financial_risk comes with sale_financial_risk).
OCA_TESTED = ["sales_team_security", "sale_financial_risk", "partner_firstname"]


def oca_addons():
    """A folder of addons holding the OCA neighbours, from their PyPI wheels (once)."""
    import zipfile

    target = CACHE / "oca-addons"
    folder = target / "odoo" / "addons"
    wanted = "\n".join(f"{name}=={version}" for name, version in sorted(OCA_NEIGHBOURS.items()))
    marker = target / "versions.txt"
    if marker.exists() and marker.read_text() == wanted:
        return folder
    say(f"downloading the OCA neighbours from PyPI: {', '.join(OCA_NEIGHBOURS)}")
    shutil.rmtree(target, ignore_errors=True)
    wheels = target / "wheels"
    wheels.mkdir(parents=True)
    # --no-deps: the packages require "odoo", which PyPI does not have; the
    # modules they depend on are in OCA_NEIGHBOURS.
    run(
        [venv_python(), "-m", "pip", "download", "-q", "--no-deps", "-d", wheels]
        + [f"odoo-addon-{name}=={version}" for name, version in OCA_NEIGHBOURS.items()]
    )
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    marker.write_text(wanted)
    return folder


def cmd_test_demo(args):
    """The whole suite under Odoo's own test runner, on a database with the demo
    data of every installed module (Odoo's sale demo: customers, salespeople,
    orders), the way integrators and OCA's CI validate a module:
    ``odoo -u corporate_client --test-tags /corporate_client``.  A skipped test
    fails the run, as with ``make test``."""
    import re

    src, env = setup()
    started = time.time()
    db = f"corporate_client_test_demo_{CHECKOUT_KEY}"
    more = [oca_addons()] if args.neighbours else []
    conf = write_config(src, env, "test_demo", db, free_port(), more_addons=more)
    say(f"fresh test database {db}: {ADDON} with the demo data of every module…")
    install_db(src, env, conf, db, demo=True)
    log = WORK / "test_demo.log"
    tags = f"/{ADDON}" + (f":{args.tests}" if args.tests else "")
    cmd = odoo_bin(src) + ["-c", conf, "-d", db, "--stop-after-init", "--log-level=info"]
    if args.neighbours:
        # The neighbours are installed after the addon, their own (at_install)
        # tests running with it; then the addon's (post_install) tests with them.
        say(f"installing the OCA neighbours {', '.join(OCA_TESTED)} and running both sides' tests")
        tags = ",".join([tags] + [f"/{name}" for name in OCA_TESTED])
        cmd += ["-i", ",".join(OCA_TESTED), "-u", ADDON]
    else:
        cmd += ["-u", ADDON]
    cmd += ["--test-tags", tags, "--http-port", str(free_port())]
    with open(log, "w") as fh:
        run(cmd, env=env, check=False, stdout=fh, stderr=subprocess.STDOUT)
    text = log.read_text()
    result = odoo_test_results(text)
    # A skip of ours fails the run; a neighbour's own (a module it does not
    # find, such as website) is reported only.
    skips = [line for line in text.splitlines() if re.search(r" INFO \S+ \S+: skipped ", line)]
    skipped = [line for line in skips if f"odoo.addons.{ADDON}." in line]
    for line in skips:
        if line not in skipped:
            say(f"neighbour's skip: {line.split(': ', 1)[-1]}")
    problems = [line for line in text.splitlines() if re.match(LOG_PROBLEM, line)]
    for line in problems[:40] + skipped[:20]:
        print(line)
    run_count = result["run"] or 0
    failed = len(result["failed"]) + len(skipped)
    say(
        f"Odoo's test runner on a demo database: {run_count} tests, "
        f"{len(result['failed'])} failed, {len(skipped)} skipped, "
        f"{len(problems)} warnings or errors logged ({time.time() - started:.0f} s; log {log})"
    )
    for name in result["failed"]:
        say(f"  FAILED {name}")
    print(f"test-demo: {run_count - failed} passed, {failed} failed")
    drop_db(env, db)
    # Odoo's runner decides what failed.  The warnings and errors logged are
    # printed, not counted: the suite provokes refusals on purpose (HTTP
    # routes answering a bad value, a constraint refusing a row, a mail
    # without a sender), which the server logs.
    return 1 if failed or not run_count else 0


# --------------------------------------------------------------------------- shifted clock
# Moments the CI runs the whole suite at (UTC; our users are UTC+7).  The suite
# takes a few minutes, so each run crosses the boundary that follows its moment:
# - the UTC year end, while Jakarta is already on 1 January;
# - Jakarta's midnight from 29 February to 1 March 2028, while UTC stays on the 29th.
SHIFTED_MOMENTS = ["2026-12-31 23:57:00", "2028-02-29 16:57:00"]


def faketime_lib():
    libs = sorted(Path("/usr/lib").glob("*/faketime/libfaketimeMT.so.1"))
    if not libs:
        raise SetupError("libfaketime not found: apt-get install faketime")
    return libs[0]


def shifted_cluster(offset):
    """A PostgreSQL instance of its own whose clock runs ``offset`` seconds ahead.

    Returns (env for its clients, stop function).  The cluster lives in the
    cache directory; it is made once (initdb) and started for each run under
    libfaketime, so that now() in SQL is the shifted moment too.
    """
    initdb = next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)), None
    )
    initdb = shutil.which("initdb") or initdb
    if not initdb:
        raise SetupError("initdb not found: apt-get install postgresql")
    pg_ctl = Path(initdb).with_name("pg_ctl")
    base = CACHE / "pg-shifted"
    as_user = []
    if os.geteuid() == 0:
        # PostgreSQL never runs as root: the cluster belongs to 'postgres', in a
        # directory it can reach (root's home is closed to it).
        as_user = ["runuser", "-u", "postgres", "--"]
        base = Path("/var/lib/postgresql") / f"{ADDON}-shifted-{CHECKOUT_KEY}"
    data, sock = base / "data", base / "run"
    sock.mkdir(parents=True, exist_ok=True)
    if as_user:
        run(["chown", "-R", "postgres:postgres", base])
    user = os.environ.get("USER") or "root"
    if not (data / "PG_VERSION").exists():
        say(f"creating the shifted-clock PostgreSQL cluster in {data}")
        run(as_user + [initdb, "-D", data, "-A", "trust", "-U", user], stdout=subprocess.DEVNULL)
    # The monotonic clock is shifted too: Python's time.sleep() waits on an
    # absolute monotonic deadline and fails (EINVAL) when only one is shifted.
    fake = {"LD_PRELOAD": str(faketime_lib()), "FAKETIME": f"{offset:+d}"}
    ctl = as_user + [pg_ctl, "-D", data, "-l", base / "log", "-w"]
    run(ctl + ["stop", "-m", "fast"], check=False, capture_output=True)
    res = run(
        as_user
        + ["env", *(f"{k}={v}" for k, v in fake.items())]
        + [pg_ctl, "-D", data, "-l", base / "log", "-w", "start"]
        + ["-o", f"-k {sock} -c listen_addresses='' -c fsync=off"],
        check=False,
    )
    if res.returncode:
        raise SetupError(f"the shifted-clock cluster did not start: see {base / 'log'}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(PGHOST=str(sock), PGUSER=user, **fake)
    # Chromium does not start under libfaketime (its crash handler's semaphores
    # fail): Odoo finds this wrapper first, which runs it on the real clock.
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:
        bindir = WORK / "shifted-bin"
        bindir.mkdir(parents=True, exist_ok=True)
        wrapper = bindir / "google-chrome"
        wrapper.write_text(f'#!/bin/sh\nunset LD_PRELOAD FAKETIME\nexec {browser} "$@"\n')
        wrapper.chmod(0o755)
        env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"

    def stop():
        run(ctl + ["stop", "-m", "fast"], check=False, capture_output=True)

    return env, stop


def cmd_test_shifted(args):
    """The whole suite with the clocks of Python, Chromium and PostgreSQL shifted.

    libfaketime shifts every process of the run by the same offset, so that
    the suite starts at ``moment`` (UTC) and the clock runs on from there.
    """
    from datetime import datetime, timezone

    global DATA_DIR
    src, _env = setup()
    faketime_lib()
    # The filestore of the other cluster's databases of the same name stays apart.
    DATA_DIR = CACHE / "data-shifted"
    moments = args.at or SHIFTED_MOMENTS
    rc = 0
    for moment in moments:
        when = datetime.strptime(moment, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
        offset = int(when.timestamp() - time.time())
        say(
            f"suite with the clock shifted to {moment} UTC (offset {offset:+d} s); "
            f'reproduce with: make test-shifted AT="{moment}"'
        )
        env, stop = shifted_cluster(offset)
        try:
            started = time.time()
            code = run_suite(src, env, "test-shifted", pytest_args=args.pytest_args)
        finally:
            stop()
        say(
            f"suite at {moment} UTC: {'passed' if code == 0 else 'FAILED'} "
            f"in {time.time() - started:.0f} s"
        )
        rc |= code
    return rc


def ensure_lint_venv():
    stamp = LINT_VENV / ".corporate_client-requirements"
    wanted = "\n".join(LINT_REQUIREMENTS)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (LINT_VENV / "bin" / "python").exists():
        say(f"creating lint virtualenv {LINT_VENV}")
        run([sys.executable, "-m", "venv", LINT_VENV])
    say("installing the lint tools (once)…")
    res = run(
        [LINT_VENV / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        + LINT_REQUIREMENTS,
        check=False,
    )
    if res.returncode:
        raise SetupError("pip could not install the lint tools: check network access to PyPI")
    stamp.write_text(wanted)


def cmd_lint(_args):
    ensure_lint_venv()
    py = LINT_VENV / "bin" / "python"
    bindir = LINT_VENV / "bin"
    rc = 0
    say("ruff")
    rc |= run([bindir / "ruff", "check", ROOT], check=False).returncode
    rc |= run([bindir / "ruff", "format", "--check", ROOT], check=False).returncode
    say("pylint-odoo (OCA mandatory checks)")
    pkg = addons_dir() / ADDON
    rc |= run(
        [py, "-m", "pylint", f"--rcfile={ROOT / '.pylintrc-mandatory'}", pkg],
        check=False,
    ).returncode
    say("oca-checks-odoo-module")
    rc |= run([bindir / "oca-checks-odoo-module", pkg], check=False).returncode
    say("lint passed" if rc == 0 else "lint FAILED")
    return rc


def installed_or_updated(src, env, conf, db, reset):
    """Install the addon in a new ``db`` (True), or update it in the existing one.

    Benchmark and load databases are kept between runs (their data takes time
    to build), but their figures must be those of this checkout's code.
    """
    if db_exists(env, db) and not reset:
        say(f"updating {ADDON} in {db}")
        run(
            odoo_bin(src)
            + ["-c", conf, "-d", db, "-u", ADDON, "--stop-after-init", "--no-http"]
            + ["--log-level=warn"],
            env=env,
        )
        return False
    install_db(src, env, conf, db, demo=False)
    return True


def cmd_bench(args):
    """Run tools/bench_<name>.py (all of them without a name) in an Odoo shell.

    Each script gets ``env`` (superuser) on a dedicated benchmark database,
    generates its data, and prints its figures.  Extra modules the scripts
    compare against (e.g. gamification) are installed in that database.  The
    ``scale`` benchmark has a database of its own (100k partners, 1M
    interactions...), built once and kept: ``--reset`` rebuilds it.
    """
    scripts = sorted((ROOT / "tools").glob("bench_*.py"))
    if args.name:
        scripts = [p for p in scripts if p.stem == f"bench_{args.name}"]
        if not scripts:
            raise SetupError(f"no benchmark tools/bench_{args.name}.py")
    if not scripts:
        raise SetupError("no benchmark script in tools/bench_*.py")
    src, env = setup()
    rc = 0
    for script in scripts:
        name = script.stem[6:]
        # The scale benchmark owns its (large) database; the others share one.
        kind = "scale" if name == "scale" else "bench"
        db = args.db or f"corporate_client_{kind}_{CHECKOUT_KEY}"
        conf = write_config(src, env, kind, db, free_port())
        fresh = installed_or_updated(src, env, conf, db, args.reset)
        if fresh and BENCH_MODULES and kind == "bench":
            run(
                odoo_bin(src)
                + ["-c", conf, "-d", db, "-i", ",".join(BENCH_MODULES), "--stop-after-init"]
                + ["--no-http", "--log-level=warn"],
                env=env,
            )
        say(f"benchmark {name} (database {db})")
        cmd = odoo_bin(src) + ["shell", "-c", conf, "-d", db, "--log-level=warn", "--no-http"]
        with open(script) as fh:
            rc |= run(
                cmd, env=dict(env, BENCH_ARGS=" ".join(args.rest)), stdin=fh, check=False
            ).returncode
    return rc


def cmd_wheel(_args):
    """Build the OCA-style wheel odoo-addon-corporate_client with whool.

    whool names the distribution after the addon's directory, and a clone's
    folder name is not known in advance: the tracked files are copied into a
    temporary ``corporate_client`` directory first.
    """
    import tempfile
    import zipfile

    ensure_lint_venv()
    files = run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True).stdout.split(
        "\0"
    )
    out = ROOT / "dist"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        addon = Path(tmp, ADDON)
        for name in filter(None, files):
            if (ROOT / name).is_file():
                (addon / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, addon / name)
        res = run(
            [LINT_VENV / "bin" / "python", "-m", "build", "--wheel", "--outdir", out, addon],
            check=False,
        )
    if res.returncode:
        raise SetupError("building the wheel failed (see above)")
    wheel = max(out.glob("odoo_addon_corporate_client-*.whl"), key=os.path.getmtime)
    names = zipfile.ZipFile(wheel).namelist()
    if "odoo/addons/corporate_client/__manifest__.py" not in names:
        raise SetupError(f"{wheel.name} does not contain the addon's manifest")
    say(f"built {wheel} ({len(names)} files)")
    return 0


def cmd_pot(_args):
    """Export i18n/corporate_client.pot from a fresh install and merge it into the .po files."""
    src, env = setup()
    db = f"corporate_client_pot_{CHECKOUT_KEY}"
    conf = write_config(src, env, "pot", db, free_port())
    install_db(src, env, conf, db, demo=False)
    pot = ROOT / "i18n" / f"{ADDON}.pot"
    pot.parent.mkdir(exist_ok=True)
    res = run(
        odoo_bin(src)
        + [
            "-c",
            conf,
            "-d",
            db,
            f"--i18n-export={pot}",
            f"--modules={ADDON}",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        env=env,
        check=False,
    )
    drop_db(env, db)
    if res.returncode:
        raise SetupError("exporting the translation template failed (see above)")
    merge = (
        "import polib, sys\n"
        "pot = polib.pofile(sys.argv[1])\n"
        "for path in sys.argv[2:]:\n"
        "    po = polib.pofile(path)\n"
        "    po.merge(pot)\n"
        "    po.save(path)\n"
        "    print(f'{path}: {po.percent_translated()} % translated')\n"
    )
    pos = sorted(str(p) for p in (ROOT / "i18n").glob("*.po"))
    if pos:
        run([venv_python(), "-c", merge, pot, *pos])
    say(f"wrote {pot}")
    return 0


# Log lines at WARNING or above, in Odoo's format (date time pid LEVEL db logger: msg).
LOG_PROBLEM = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) "


def log_problems(text, levels=("WARNING", "ERROR", "CRITICAL")):
    """Odoo log lines of ``text`` at one of ``levels``, each with its traceback's last line."""
    import re

    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        match = re.match(LOG_PROBLEM, line)
        if match and match.group(1) in levels:
            tail = [t for t in lines[i + 1 : i + 40] if t and not t.startswith(" ")][:1]
            found.append(line + (f"  [{tail[0]}]" if tail and "Traceback" not in tail[0] else ""))
    return found


def shell_phase(src, env, conf, db, script, out, log_level="warn", **extra):
    """Run ``script`` in `odoo-bin shell` on ``db``; it writes JSON to $OUT, returned."""
    shell = odoo_bin(src) + ["shell", "-c", conf, "-d", db, "--no-http", f"--log-level={log_level}"]
    with open(script) as fh:
        res = run(shell, env=dict(env, OUT=str(out), **extra), stdin=fh, check=False)
    if res.returncode or not Path(out).exists():
        raise SetupError(f"{Path(script).name} {extra.get('PHASE', '')} failed on {db}")
    import json

    return json.loads(Path(out).read_text())


# --------------------------------------------------------------------------- install-check
# An Indonesian company's Odoo as an integrator sets it up (issue 18): country
# Indonesia and IDR chosen when the database is created (the chart of accounts
# then is l10n_id's), these apps with their demo data, then the addon.
INSTALL_CHECK_COUNTRY = "ID"
INSTALL_CHECK_MODULES = [
    "l10n_id",
    "contacts",
    "crm",
    "sale_management",
    "sale_stock",
    "purchase",
    "stock",
    "account",
    "mrp",
    "hr",
    "hr_holidays",
    "calendar",
    "project",
    "event",
    "spreadsheet_dashboard_sale",
]
# What the database manager does for the country picked at creation.
LOCALIZE_COMPANY = """
country = env["res.country"].search([("code", "=", "{country}")])
env.company.write({{"country_id": country.id, "currency_id": country.currency_id.id}})
env.ref("base.user_admin").tz = "Asia/Jakarta"
env.cr.commit()
"""


def localized_template_db(src, env, conf):
    """A database of an Indonesian company with the integrator's apps, made once and reused."""
    modules = sorted(INSTALL_CHECK_MODULES)
    key = hashlib.sha1(
        "|".join(
            [str(src), (src / "odoo" / "release.py").read_text(), INSTALL_CHECK_COUNTRY, *modules]
        ).encode()
    ).hexdigest()[:10]
    name = f"corporate_client_tpl_{INSTALL_CHECK_COUNTRY.lower()}_{key}"
    if db_exists(env, name):
        say(f"reusing template database {name}")
        return name
    say(f"building template database {name}: {', '.join(modules)} with demo data (once)…")
    started = time.time()
    drop_db(env, name)
    base = odoo_bin(src) + ["-c", conf, "-d", name, "--stop-after-init", "--no-http"]
    ok = (
        run(base + ["-i", "base", "--log-level=warn"], env=env, check=False).returncode == 0
        and run(
            odoo_bin(src) + ["shell", "-c", conf, "-d", name, "--no-http", "--log-level=warn"],
            env=env,
            input=LOCALIZE_COMPANY.format(country=INSTALL_CHECK_COUNTRY),
            text=True,
            check=False,
        ).returncode
        == 0
        and run(
            base + ["-i", ",".join(modules), "--log-level=error"], env=env, check=False
        ).returncode
        == 0
    )
    if not ok:
        drop_db(env, name)
        raise SetupError(f"building the template database {name} failed (see the log above)")
    say(f"template database {name} built in {time.time() - started:.0f} s")
    return name


def cmd_install_check(_args):
    """Issue 18: install into an Indonesian company's Odoo; no error, no warning."""
    import tempfile

    src, env = setup()
    started = time.time()
    db = f"corporate_client_install_{CHECKOUT_KEY}"
    conf = write_config(src, env, "install_check", db, free_port())
    tpl = localized_template_db(src, env, conf)
    copy_db(env, tpl, db)
    log = WORK / "install_check.log"
    say(f"installing {ADDON} with demo data into {db} (log: {log})")
    t0 = time.time()
    res = addon_logged(src, env, conf, db, "-i", log)
    install_time = time.time() - t0
    problems = log_problems(log.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        facts = shell_phase(
            src, env, conf, db, ROOT / "tools" / "install_check.py", Path(tmp, "facts.json")
        )
    drop_db(env, db)
    for key, value in facts.items():
        print(f"  {key:30} {value}")
    print(f"  {'install time':30} {install_time:.0f} s")
    wrong = [
        what
        for what, bad in [
            ("the addon is not installed", facts["module_state"] != "installed"),
            ("its demo data did not load", not facts["demo_loaded"]),
            ("no demo client card", not facts["client_cards"]),
            ("NPWP numbers rejected by base_vat", facts["invalid_vats"]),
            ("the company is not in IDR", facts["company_currency"] != "IDR"),
            ("the pricelist feature is off", not facts["pricelist_feature"]),
            ("Settings warn on opening", facts["settings_warning"]),
            ("Odoo exited with an error", res.returncode),
            (f"{len(problems)} warnings or errors logged by the install", problems),
        ]
        if bad
    ]
    for line in problems[:40]:
        print("  " + line)
    for what in wrong:
        print(f"  FAILED: {what}")
    say(
        f"install check {'FAILED' if wrong else 'passed'} in {time.time() - started:.0f} s "
        f"(install {install_time:.0f} s)"
    )
    return 1 if wrong else 0


# --------------------------------------------------------------------------- upgrade-check
def manifest_version(text):
    import ast

    return ast.literal_eval(text)["version"]


def git(*args, check=True):
    return run(["git", "-C", ROOT, *args], capture_output=True, text=True, check=check).stdout


def previous_release():
    """The last commit whose manifest has another version than the working tree's.

    Returns (ref, explanation); (None, explanation) when the history holds no
    other version (or is too shallow to tell).
    """
    current = manifest_version((ROOT / "__manifest__.py").read_text())
    if git("rev-parse", "--is-shallow-repository", check=False).strip() == "true":
        say("shallow clone: fetching the history to find the previous release…")
        run(["git", "-C", ROOT, "fetch", "-q", "--unshallow"], check=False)
    newer = None  # the commit that set the current version (None: the working tree)
    commits = git("log", "--first-parent", "--format=%H", "--", "__manifest__.py").split()
    for commit in commits:
        version = manifest_version(git("show", f"{commit}:__manifest__.py"))
        if version != current:
            ref = f"{newer}^" if newer else "HEAD"
            came = f"{current} came in {newer[:10]}" if newer else f"{current} is uncommitted"
            return git("rev-parse", ref).strip(), f"last commit of {version}; {came}"
        newer = commit
    return None, f"no commit has a version other than {current}"


def cmd_upgrade_check(args):
    """Issue 21: install a previous release with data, upgrade it to this checkout, compare."""
    import tempfile

    src, env = setup()
    started = time.time()
    if not git("rev-parse", "--git-dir", check=False).strip():
        raise SetupError("upgrade-check needs a git clone: it installs a previous commit")
    ref, why = (args.from_ref, "given with --from") if args.from_ref else previous_release()
    if ref is None:
        ref = "HEAD"
        say(
            f"WARNING: {why}: upgrading from HEAD, the SAME version. This proves that "
            "-u keeps every record, not that a migration works (use --from=<ref>)."
        )
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}", check=False).strip()
    if not commit:
        raise SetupError(f"{ref} is not a commit of this repository (git fetch it first)")
    tmp = Path(tempfile.mkdtemp(prefix="corporate_client_upgrade_"))
    old_root = tmp / "addons" / ADDON
    run(["git", "-C", ROOT, "worktree", "add", "-q", "--detach", old_root, commit])
    db = f"corporate_client_upgrade_{CHECKOUT_KEY}"
    try:
        old_version = manifest_version((old_root / "__manifest__.py").read_text())
        new_version = manifest_version((ROOT / "__manifest__.py").read_text())
        say(f"upgrading from {commit[:10]} ({old_version}: {why}) to this checkout ({new_version})")
        old_conf = write_config(
            src, env, "upgrade_old", db, free_port(), addons_folder=old_root.parent
        )
        conf = write_config(src, env, "upgrade", db, free_port())
        install_db(src, env, old_conf, db, demo=True, deps=manifest_depends(old_root))
        script = ROOT / "tools" / "upgrade_check.py"

        def phase(conf, name, log_level="warn", **extra):
            out = tmp / f"{name}.json"
            return shell_phase(src, env, conf, db, script, out, log_level, PHASE=name, **extra)

        phase(old_conf, "seed")
        before = phase(old_conf, "snapshot")
        log = WORK / "upgrade_check.log"
        say(f"-u {ADDON} with this checkout's code (log: {log})")
        t0 = time.time()
        res = addon_logged(src, env, conf, db, "-u", log)
        upgrade_time = time.time() - t0
        problems = log_problems(log.read_text(), levels=("ERROR", "CRITICAL"))
        for line in log_problems(log.read_text(), levels=("WARNING",))[:20]:
            print("  " + line)
        for line in problems[:20]:
            print("  " + line)
        if res.returncode or problems:
            say(f"upgrade check FAILED: -u {ADDON} logged errors (see {log})")
            return 1
        result = phase(conf, "compare", BEFORE=str(tmp / "snapshot.json"))
        for line in result["lines"]:
            print("  " + line)
        for line in result["failures"]:
            print("  FAILED: " + line)
        # Uninstalling tries to delete demo records still in use and logs each
        # refusal (expected): only the outcome matters.
        left = phase(conf, "uninstall", "critical", SEED=str(tmp / "seed.json"))
        print(f"  after uninstall: {left}")
        uninstall_ok = (
            left["module_state"] == "uninstalled"
            and left["partner"]
            and left["order"]
            and left["invoice"]
            and left["invoice_state"] == "posted"
            and not left["card_table"]
            and not left["foreign_indexes"]
        )
        if not uninstall_ok:
            print("  FAILED: uninstalling lost user data or left the addon's tables/indexes")
        ok = not result["failures"] and uninstall_ok and before["counts"]
        say(
            f"upgrade check {old_version} -> {new_version} "
            + ("passed" if ok else "FAILED")
            + f" in {time.time() - started:.0f} s (-u {upgrade_time:.0f} s)"
        )
        return 0 if ok else 1
    finally:
        drop_db(env, db)
        run(["git", "-C", ROOT, "worktree", "remove", "--force", old_root], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- odoo-tests
# Odoo's own post-install suites, run with and without the addon: a test may
# fail with the addon only if it fails without it too (Odoo's own failures on
# this machine are not ours; new ones are).
ODOO_TEST_MODULES = ["sale", "sale_management", "sale_stock"]
# Plus the invoicing and payment classes of account the addon's hooks touch.
ODOO_TEST_EXTRA = [
    "/account:TestAccountMoveOutInvoiceOnchanges",
    "/account:TestAccountPaymentRegister",
]


def odoo_test_results(text):
    """{'run': tests run, 'failed': sorted ids of failed tests} of an Odoo test log."""
    import re

    failed = set()
    run_count = None
    for line in text.splitlines():
        match = re.match(
            LOG_PROBLEM + r"\S+ (odoo\.addons\.[\w.]+): (?:FAIL|ERROR): (.+?)\s*$", line
        )
        if match:
            desc = match.group(3).removeprefix("Subtest ")
            if not desc.startswith(("setUpClass", "tearDownClass", "setUpModule")):
                desc = desc.split(" ")[0]
            failed.add(f"{match.group(2)}: {desc}")
        summary = re.search(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", line)
        if summary:
            run_count = int(summary.group(3))
    return {"run": run_count, "failed": sorted(failed)}


def odoo_revision(src):
    res = run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    return res.stdout.strip() or (src / "odoo" / "release.py").read_text()


def cmd_odoo_tests(args):
    """Odoo's sale, sale_management, sale_stock post-install tests, with and without the addon."""
    import json

    src, env = setup()
    started = time.time()
    tags = ",".join(
        [f"/{module}" for module in ODOO_TEST_MODULES] + ODOO_TEST_EXTRA + ["-at_install"]
    )
    db = f"corporate_client_odoo_tests_{CHECKOUT_KEY}"
    conf = write_config(src, env, "odoo_tests", db, free_port())
    tpl = template_db(src, env, conf, demo=False)
    key = hashlib.sha1("|".join([tpl, tags, odoo_revision(src)]).encode()).hexdigest()[:12]
    cached = CACHE / "odoo_tests_baseline" / f"{key}.json"
    baseline = None
    if cached.exists() and not args.fresh_baseline:
        baseline = json.loads(cached.read_text())
        say(f"baseline (without the addon) from {cached}, measured in {baseline['seconds']:.0f} s")
    install_db(src, env, conf, db, demo=False)
    runs = {"addon": (conf, db)}
    if baseline is None:
        base_db = f"corporate_client_odoo_base_{CHECKOUT_KEY}"
        copy_db(env, tpl, base_db)
        runs["baseline"] = (write_config(src, env, "odoo_base", base_db, free_port()), base_db)
    # Both runs at once when the machine has the cores for it.
    parallel = len(runs) > 1 and (os.cpu_count() or 1) >= 4
    say(f"running Odoo's tests {tags} on {', '.join(runs)}" + (" in parallel" if parallel else ""))
    procs = {}

    def start(name):
        conf_, db_ = runs[name]
        log = WORK / f"odoo_tests_{name}.log"
        fh = open(log, "w")  # noqa: SIM115 (closed when the process ends)
        cmd = odoo_bin(src) + ["-c", conf_, "-d", db_, "--test-tags", tags, "--stop-after-init"]
        cmd += ["--log-level=test", "--http-port", str(free_port())]
        proc = subprocess.Popen([str(c) for c in cmd], env=env, stdout=fh, stderr=subprocess.STDOUT)
        procs[name] = (proc, fh, log, time.time())

    def finish(name):
        proc, fh, log, t0 = procs[name]
        proc.wait()
        fh.close()
        result = odoo_test_results(log.read_text())
        result["seconds"] = time.time() - t0
        result["log"] = str(log)
        drop_db(env, runs[name][1])
        return result

    results = {}
    for name in runs:
        start(name)
        if not parallel:
            results[name] = finish(name)
    for name in runs:
        if name not in results:
            results[name] = finish(name)
    if baseline is None:
        baseline = results["baseline"]
        if baseline["run"]:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(baseline))
    addon = results["addon"]
    new = sorted(set(addon["failed"]) - set(baseline["failed"]))
    gone = sorted(set(baseline["failed"]) - set(addon["failed"]))
    print(f"  Odoo's post-install tests of {', '.join(ODOO_TEST_MODULES + ODOO_TEST_EXTRA)}")
    for label, res in (("without the addon", baseline), ("with the addon", addon)):
        print(
            f"  {label:18} {res['run'] or 0:>4} run, {len(res['failed']):>3} failed "
            f"({res['seconds']:.0f} s, {res.get('log')})"
        )
    for test in baseline["failed"]:
        print(f"    fails without the addon too: {test}")
    print(f"  failing only with the addon: {len(new)}")
    for test in new:
        print(f"    NEW FAILURE: {test}")
    if gone:
        print(f"  failing only without the addon: {len(gone)}")
        for test in gone:
            print(f"    {test}")
    ok = bool(addon["run"]) and addon["run"] >= (baseline["run"] or 0) and not new
    if addon["run"] != baseline["run"]:
        print(f"  FAILED: {addon['run']} tests ran with the addon, {baseline['run']} without")
    say(f"Odoo's tests {'passed' if ok else 'FAILED'} in {time.time() - started:.0f} s")
    return 0 if ok else 1


@contextlib.contextmanager
def serving(src, env, conf, db, port, *options):
    """An Odoo server on 127.0.0.1:``port`` for ``db``; yields its URL, stops it after."""
    import urllib.request

    server = subprocess.Popen(
        [str(c) for c in odoo_bin(src)]
        + ["-c", str(conf), "-d", db, "--log-level=warn", "--max-cron-threads=0", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/web/login", timeout=5)
                break
            except OSError:
                time.sleep(1)
        else:
            raise SetupError("the Odoo server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)


def psql(env, db, sql):
    """The text psql prints for ``sql`` (unaligned, tuples only)."""
    return run(
        ["psql", "-d", db, "-tAc", sql], env=env, capture_output=True, text=True
    ).stdout.strip()


# --------------------------------------------------------------------------- replica
# `load --replica` (issue 20): a streaming replica of the PostgreSQL server the
# project uses, on 127.0.0.1, for Odoo's db_replica_host / db_replica_port.
REPLICA_SAME_AS_PRIMARY = [
    # A hot standby refuses to start with less than the primary of these.
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
]


def pg_bindir(env):
    """The bin directory of the server's major version (pg_basebackup, pg_ctl)."""
    major = int(psql(env, "postgres", "show server_version_num")) // 10000
    bindir = Path(f"/usr/lib/postgresql/{major}/bin")
    if (bindir / "pg_basebackup").exists():
        return bindir
    found = shutil.which("pg_basebackup")
    if not found:
        raise SetupError(
            f"pg_basebackup not found: apt-get install postgresql-client-{major} "
            "(the server's major version)"
        )
    return Path(found).parent


def check_replication_source(env, as_root):
    """Check the primary can feed a streaming replica; fix what is safe to fix.

    Returns (the role pg_basebackup and the replica connect as, the server's
    settings read).  wal_level and
    max_wal_senders only change with a restart of the server, which would cut
    every other user of it: those are explained, not changed.  A missing
    replication line in pg_hba.conf is added and the configuration reloaded
    (no restart) when we are root on a Debian cluster.
    """
    settings = dict(
        line.split("|", 1)
        for line in psql(
            env,
            "postgres",
            "select name, setting from pg_settings where name in "
            "('wal_level', 'max_wal_senders', 'hba_file', 'port', 'unix_socket_directories')",
        ).splitlines()
    )
    problems = []
    if settings["wal_level"] not in ("replica", "logical"):
        problems.append(
            f"wal_level is {settings['wal_level']}: a replica needs 'replica' (the default). "
            "Run: psql -c \"ALTER SYSTEM SET wal_level = 'replica'\" and restart the server "
            "(pg_ctlcluster 15 main restart)"
        )
    senders = int(settings["max_wal_senders"])
    busy = int(psql(env, "postgres", "select count(*) from pg_stat_replication"))
    if senders <= busy:
        problems.append(
            f"max_wal_senders is {senders} ({busy} in use): raise it (default 10) with "
            "ALTER SYSTEM SET max_wal_senders = 10 and restart the server"
        )
    if problems:
        raise SetupError(
            "the PostgreSQL server cannot feed a replica; not changed automatically because "
            "it needs a restart that would interrupt its other users:\n  - "
            + "\n  - ".join(problems)
        )
    role = "postgres" if as_root else psql(env, "postgres", "select current_user")
    hba_rule = (
        "select count(*) from pg_hba_file_rules where error is null and type = 'local' "
        "and 'replication' = any(database)"
    )
    if psql(env, "postgres", hba_rule) == "0":
        hba = Path(settings["hba_file"])
        if not as_root:
            raise SetupError(
                f"{hba} has no line for local replication connections: add "
                f"'local replication {role} peer' (or trust) and reload the server "
                "(select pg_reload_conf())"
            )
        say(f"adding 'local replication postgres peer' to {hba} and reloading the server")
        with hba.open("a") as fh:
            fh.write(
                "\n# corporate_client (tools/dev.py load --replica): streaming replica\n"
                "local   replication     postgres                                peer\n"
            )
        psql(env, "postgres", "select pg_reload_conf()")
        if psql(env, "postgres", hba_rule) == "0":
            raise SetupError(f"{hba}: the replication line was not accepted (see the server log)")
    return role, settings


def replica_cluster(env):
    """A streaming replica of ``env``'s server on 127.0.0.1; returns (port, env for psql).

    Made once with ``pg_basebackup -R`` (a copy of the whole cluster), kept and
    restarted when stopped.  Runs as 'postgres' when we are root, in a
    directory that user can reach (root's home, where the cache directory
    lives, is closed to it); Odoo reaches it over TCP on 127.0.0.1.
    """
    import getpass

    as_root = os.geteuid() == 0
    role, settings = check_replication_source(env, as_root)
    bindir = pg_bindir(env)
    as_user = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path("/var/lib/postgresql") / f"{ADDON}-replica" if as_root else CACHE / "pg-replica"
    data, sock, log = base / "data", base / "run", base / "log"
    client_role = env.get("PGUSER") or getpass.getuser()
    ctl = as_user + [bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "120"]
    primary_id = psql(env, "postgres", "select system_identifier from pg_control_system()")

    def rep_env(port):
        clean = {k: v for k, v in env.items() if not k.startswith("PG")}
        return dict(clean, PGHOST=str(sock), PGPORT=str(port))

    def running():
        return run(ctl + ["status"], check=False, capture_output=True).returncode == 0

    def build():
        if running():
            run(ctl + ["stop", "-m", "fast"], check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        sock.mkdir(parents=True)
        if as_root:
            run(["chown", "-R", "postgres:postgres", base])
        sockdir = settings["unix_socket_directories"].split(",")[0].strip()
        say(f"building the replica in {data}: pg_basebackup -R of the whole cluster (once)…")
        started = time.time()
        res = run(
            as_user
            + [bindir / "pg_basebackup", "-D", data, "-R", "-X", "stream", "-c", "fast"]
            + ["-h", sockdir, "-p", settings["port"], "-U", role],
            check=False,
        )
        if res.returncode:
            raise SetupError(f"pg_basebackup from the primary into {data} failed (see above)")
        port = free_port()
        same = {name: psql(env, "postgres", f"show {name}") for name in REPLICA_SAME_AS_PRIMARY}
        conf = [
            f"port = {port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{sock}'",
            "hot_standby = on",
            # The primary's vacuum keeps what the replica's queries read.
            "hot_standby_feedback = on",
            *(f"{name} = {value}" for name, value in same.items()),
        ]
        # Debian keeps postgresql.conf and pg_hba.conf in /etc: the copy has none.
        (data / "postgresql.conf").write_text("\n".join(conf) + "\n")
        (data / "pg_hba.conf").write_text(
            "local all all peer\n"
            "local replication all peer\n"
            # Odoo's read-only pool: this role only, from this machine only.
            f"host all {client_role} 127.0.0.1/32 trust\n"
        )
        (base / "port").write_text(f"{port}\n")
        if as_root:
            run(["chown", "-R", "postgres:postgres", base])
        say(f"replica built in {time.time() - started:.0f} s")

    def start():
        if running():
            return
        say(f"starting the replica ({data})")
        if run(ctl + ["start"], check=False).returncode:
            raise SetupError(f"the replica did not start: see {log}")

    def streaming(port, seconds=60):
        for _ in range(seconds):
            state = run(
                ["psql", "-d", "postgres", "-tAc", "select status from pg_stat_wal_receiver"],
                env=rep_env(port),
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            if state == "streaming":
                return True
            time.sleep(1)
        return False

    if not (data / "PG_VERSION").exists() or not (base / "port").exists():
        build()
    start()
    port = int((base / "port").read_text())
    replica_id = psql(
        rep_env(port), "postgres", "select system_identifier from pg_control_system()"
    )
    if replica_id != primary_id or not streaming(port):
        # Another server's copy, or stopped so long that the primary recycled
        # the WAL it needs (no replication slot, so that a stopped replica
        # never fills the primary's disk): a fresh copy.
        say("the replica is not streaming from this server: rebuilding it")
        build()
        start()
        port = int((base / "port").read_text())
        if not streaming(port):
            raise SetupError(f"the replica does not stream from the primary: see {log}")
    say(f"replica streaming on 127.0.0.1:{port} (stop it: {' '.join(map(str, ctl))} stop)")
    return port, rep_env(port)


def wait_replayed(env, rep_env, timeout=300):
    """Wait until the replica has replayed everything the primary wrote so far."""
    lsn = psql(env, "postgres", "select pg_current_wal_lsn()")
    started = time.time()
    while time.time() - started < timeout:
        done = psql(rep_env, "postgres", f"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")
        if done == "t":
            return time.time() - started
        time.sleep(0.2)
    raise SetupError(f"the replica did not replay the primary's WAL up to {lsn} in {timeout} s")


def xact_counts(env, db):
    """Transactions committed and rolled back in ``db`` on ``env``'s server so far."""
    row = psql(
        env,
        "postgres",
        f"select xact_commit, xact_rollback from pg_stat_database where datname = '{db}'",
    )
    return tuple(int(n) for n in row.split("|")) if row else (0, 0)


def cursor_modes(log):
    """{(request, cursor mode): count} from the werkzeug lines of Odoo's log.

    With db_replica_host set, Odoo ends each request's line with the mode of
    its cursor: ro (replica), rw (primary) or ro->rw (tried on the replica,
    wrote, run again on the primary).
    """
    import re
    from collections import Counter

    modes = Counter()
    pattern = re.compile(r'"(?:POST|GET) (\S+) HTTP/[\d.]+" \d+ \S+ \S+ \S+ \S+ (ro->rw|ro|rw)\b')
    for line in Path(log).read_text(errors="replace").splitlines():
        match = pattern.search(line)
        if match:
            path = match.group(1).removeprefix("/web/dataset/call_kw/")
            modes[(path, match.group(2))] += 1
    return modes


def stored_once(env, db, tag):
    """(rows, distinct notes) of the interactions the load run ``tag`` logged."""
    stored = psql(
        env,
        db,
        "select count(*), count(distinct note) from corporate_interaction "
        f"where note like '{tag}-%'",
    ).split("|")
    return int(stored[0]), int(stored[1])


def ensure_locust_venv():
    """Locust in a venv of its own: it pins gevent, greenlet and Werkzeug versions
    other than Odoo's (gevent 26 / Werkzeug 3.1 against Odoo's 24.2 / 3.0)."""
    stamp = LOCUST_VENV / ".corporate_client-requirements"
    wanted = "\n".join(LOCUST_REQUIREMENTS)
    if stamp.exists() and stamp.read_text() == wanted:
        return LOCUST_VENV / "bin" / "locust"
    if not (LOCUST_VENV / "bin" / "python").exists():
        say(f"creating the load client's virtualenv {LOCUST_VENV}")
        run([sys.executable, "-m", "venv", LOCUST_VENV])
    say("installing Locust (once)…")
    res = run(
        [
            LOCUST_VENV / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
        ]
        + LOCUST_REQUIREMENTS,
        check=False,
    )
    if res.returncode:
        raise SetupError("pip could not install Locust: check network access to PyPI")
    stamp.write_text(wanted)
    return LOCUST_VENV / "bin" / "locust"


def odoo_log_figures(log):
    """From Odoo's log: per request path (count, mean queries, mean SQL ms, mean
    other ms), and the workers recycled (request or memory limits, time limits)."""
    import re
    from collections import defaultdict

    per_path = defaultdict(lambda: [0, 0, 0.0, 0.0])
    recycled = defaultdict(int)
    line_re = re.compile(r'"(?:POST|GET) (\S+) HTTP/[\d.]+" \d+ \S+ (\d+) ([\d.]+) ([\d.]+)')
    for line in Path(log).read_text(errors="replace").splitlines():
        match = line_re.search(line)
        if match:
            path = match.group(1).removeprefix("/web/dataset/call_kw/")
            path = re.sub(r"/\d+$", "", path)
            row = per_path[path]
            row[0] += 1
            row[1] += int(match.group(2))
            row[2] += float(match.group(3)) * 1000
            row[3] += float(match.group(4)) * 1000
            continue
        for label, needle in (
            ("request limit", "max request"),
            ("virtual memory limit", "virtual memory limit"),
            ("cpu time limit", "CPU time limit"),
            ("real time limit", "virtual real time limit"),
            ("killed", "killing"),
        ):
            if needle.lower() in line.lower():
                recycled[label] += 1
    return per_path, recycled


def warm_up(url, workers):
    """Every prefork worker loads the registry on its first request: not measured."""
    import concurrent.futures
    import urllib.request

    started = time.time()

    def get(_n):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url + "/web/login", timeout=120).read()

    with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(get, range(workers * 6)))
    say(f"workers warmed up in {time.time() - started:.1f} s")


def load_phase(
    locust,
    url,
    db,
    env,
    out,
    name,
    steps,
    seconds,
    think,
    managers,
    spawn_rate,
    roles=(),
    connections=0,
    prelogin=False,
):
    """One Locust run (a ramp of ``steps`` users of ``roles``, the locustfile's
    user classes, default all): its steps.json, as a dict."""
    import uuid

    phase_dir = out / name
    phase_dir.mkdir(parents=True, exist_ok=True)
    tag = f"{uuid.uuid4().hex[:8]}{name[0]}"
    total = len(steps) * seconds
    say(
        f"load {name}: users {','.join(map(str, steps))}, {seconds:.0f} s each "
        f"(about {total / 60:.1f} min), think time {think} s"
    )
    run(
        [
            locust,
            "-f",
            ROOT / "tools" / "locustfile.py",
            "--headless",
            "--host",
            url,
            "--csv",
            phase_dir / "locust",
            "--html",
            phase_dir / "report.html",
            "--only-summary",
            "--loglevel",
            "WARNING",
            *roles,
        ],
        env=dict(
            env,
            LOAD_DB=db,
            LOAD_PGDB=db,
            LOAD_MANAGERS=str(managers),
            LOAD_HEADS=str((managers + 9) // 10),
            LOAD_TAG=tag,
            LOAD_THINK=think,
            LOAD_STEPS=",".join(map(str, steps)),
            LOAD_STEP_SECONDS=str(seconds),
            LOAD_SPAWN_RATE=str(spawn_rate),
            LOAD_OUT=str(phase_dir),
            LOAD_CONNECTIONS=str(connections),
            LOAD_ODOO_MATCH=str(WORK / "load.conf"),
            LOAD_PRELOGIN="1" if prelogin else "",
        ),
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(phase_dir / "locust.log").open("w"),
    )
    if not (phase_dir / "steps.json").exists():
        raise SetupError(f"Locust measured no step: see {phase_dir}")
    result = json.loads((phase_dir / "steps.json").read_text())
    result["tag"] = tag
    return result


def print_steps(result, env, db):
    """Per step: users, req/s, errors, client CPU, database waits, p50/p95/p99 per kind."""
    for step in result["steps"]:
        db_max = step["db"]
        logins = "  ".join(
            f"{kind} n {row['n']} p50 {row['p50']:.0f} p95 {row['p95']:.0f} max {row['max']:.0f} ms"
            for kind, row in step["logins"].items()
        )
        print(
            f"  users {step['users']:4}: all logged in after {step['settled_after']:.0f} s "
            f"({logins or 'no new session'}); measured {step['seconds']:.0f} s"
        )
        print(
            f"  users {step['users']:4}  {step['rps']:6.1f} req/s  errors {step['errors']:3}  "
            f"client CPU {step['client_cpu']:5.1f} %  server {step.get('server_cores', 0):.2f} "
            f"cores ({step['rps'] / max(step.get('server_cores', 0), 0.01):.0f} req/s per core), "
            f"{step.get('server_cpu_ms', 0):.0f} ms CPU/request  logged {step['logged']:5}  "
            f"db active max {db_max.get('active', 0)} "
            f"(mean {step['db_mean'].get('active', 0):.1f}), "
            f"waiting on locks max {db_max.get('lock_wait', 0)}, "
            f"locks not granted max {db_max.get('locks_not_granted', 0)}"
        )
        for kind, row in step["kinds"].items():
            print(
                f"      {kind:16} n {row['n']:6}  {row['rps']:6.1f}/s  p50 {row['p50']:7.0f}  "
                f"p95 {row['p95']:7.0f}  p99 {row['p99']:7.0f} ms  errors {row['errors']}"
            )
    logged = result["logged"]
    stored = {}
    for line in psql(
        env,
        db,
        "select note, count(*) from corporate_interaction "
        f"where note like '{result['tag']}-%' group by note",
    ).splitlines():
        note, count = line.rsplit("|", 1)
        stored[note] = int(count)
    missing = [note for note in logged if note not in stored]
    twice = [note for note, count in stored.items() if count > 1]
    # Saved by Odoo while the load client stopped its users at the end of the
    # run: written once, never acknowledged.
    cut_off = len(set(stored) - set(logged))
    ok = not missing and not twice and len(set(logged)) == len(logged)
    say(
        f"interactions acknowledged {len(logged)}, stored {sum(stored.values())} "
        f"({cut_off} saved as the run stopped its users, unacknowledged), missing "
        f"{len(missing)}, stored twice {len(twice)}: "
        + ("every acknowledged interaction stored exactly once" if ok else "MISMATCH")
    )
    return ok


def knee_figures(steps):
    """(peak rps, users at the peak, knee users, {multiple: rps}) of a saturation ramp.

    The knee: the fewest users reaching 95 % of the peak throughput."""
    if not steps:
        return None
    peak = max(steps, key=lambda s: s["rps"])
    knee = next(s for s in steps if s["rps"] >= 0.95 * peak["rps"])
    by_users = {s["users"]: s["rps"] for s in steps}
    beyond = {m: by_users.get(knee["users"] * m) for m in (2, 4)}
    return peak["rps"], peak["users"], knee["users"], beyond


def cmd_load(args):
    """Locust against Odoo in prefork mode: a ramp of managers with think time,
    then a saturation ramp without (issue 32).  Reports under CACHE/load/<timestamp>/.

    ``--replica``: with a streaming replica of the server as Odoo's
    db_replica_host; prints where the requests went and checks that the
    replica holds every acknowledged interaction once too.
    """
    locust = ensure_locust_venv()
    src, env = setup()
    if args.quick:
        steps, seconds = args.steps or "10,50,100", args.step_seconds or 30
        saturation, sat_seconds = args.saturation or "1,4,16,32", args.saturation_seconds or 20
    else:
        steps, seconds = args.steps or "10,50,100,200,400", args.step_seconds or 180
        saturation = args.saturation or "1,2,4,8,16,32,64"
        sat_seconds = args.saturation_seconds or 60
    spawn_rate = args.spawn_rate or (5 if args.quick else 2)
    steps = [int(n) for n in steps.split(",") if n] if steps != "0" else []
    saturation = [int(n) for n in saturation.split(",") if n] if saturation != "0" else []
    managers = args.managers or max(steps + saturation + [20])
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    # What a reverse proxy forwards at once: Odoo's listen backlog (8 x workers)
    # less the requests being served (see LOAD_CONNECTIONS in tools/locustfile.py).
    connections = 7 * workers if args.connections is None else args.connections
    db = f"corporate_client_load_{CHECKOUT_KEY}"
    port = free_port()
    extra = []
    if args.replica:
        replica_port, rep_env = replica_cluster(env)
        extra = ["db_replica_host = 127.0.0.1", f"db_replica_port = {replica_port}"]
    conf = write_config(src, env, "load", db, port, extra=extra)
    installed_or_updated(src, env, conf, db, args.reset)
    with open(ROOT / "tools" / "load_seed.py") as fh:
        run(
            odoo_bin(src) + ["shell", "-c", conf, "-d", db, "--no-http", "--log-level=warn"],
            env=dict(env, LOAD_MANAGERS=str(managers)),
            stdin=fh,
        )
    out = CACHE / "load" / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    log = out / "odoo.log"
    options = [
        f"--workers={workers}",
        "--limit-time-real=300",
        f"--logfile={log}",
        "--log-handler=werkzeug:INFO",
        "--log-handler=odoo.service.server:INFO",
    ]
    if args.replica:
        # Odoo falls back to the primary for good when the replica lacks the
        # database: the seeded database must be there before the first request.
        wait_replayed(env, rep_env)
        before = {"primary": xact_counts(env, db), "replica": xact_counts(rep_env, db)}
    say(
        f"Odoo --workers={workers} ({os.cpu_count()} cores: (2 x cores) + 1), "
        f"{managers} managers seeded"
        + (f", read replica 127.0.0.1:{replica_port}" if args.replica else "")
        + f"; reports in {out}"
    )
    say(
        f"machine: {os.getloadavg()[0]:.2f} load average at the start; requests in flight "
        f"at most {connections or 'unbounded'} (the reverse proxy's share)"
    )
    served_env = dict(env, ODOO_HTTP_SOCKET_TIMEOUT="30")
    results = {}
    with serving(src, served_env, conf, db, port, *options) as url:
        warm_up(url, workers)
        if steps:
            results["ramp"] = load_phase(
                locust,
                url,
                db,
                env,
                out,
                "ramp",
                steps,
                seconds,
                args.think,
                managers,
                spawn_rate,
                connections=connections,
            )
        if saturation:
            results["saturation"] = load_phase(
                # Managers only: the office's bulk, and each user a manager's loop.
                locust,
                url,
                db,
                env,
                out,
                "saturation",
                saturation,
                sat_seconds,
                "0",
                managers,
                spawn_rate,
                roles=["Manager"],
                connections=connections,
                # All log in first: each step measures requests, not logins.
                prelogin=True,
            )
    ok = True
    for name, result in results.items():
        say(f"{name} ({out / name / 'report.html'})")
        ok = print_steps(result, env, db) and ok
        errors = sum(step["errors"] for step in result["steps"])
        ok = ok and errors == 0
    if "ramp" in results:
        fine = [
            s["users"]
            for s in results["ramp"]["steps"]
            if s["errors"] == 0 and s["kinds"] and all(k["p95"] < 300 for k in s["kinds"].values())
        ]
        say(f"largest step with p95 < 300 ms for every request kind: {max(fine, default=0)} users")
    if "saturation" in results:
        peak, at, knee, beyond = knee_figures(results["saturation"]["steps"])
        say(
            f"saturation: peak {peak:.1f} req/s at {at} users, knee {knee} users; "
            + ", ".join(
                f"{m}x knee: {rps:.1f} req/s ({100 * rps / peak:.0f} % of the peak)"
                for m, rps in beyond.items()
                if rps is not None
            )
        )
    per_path, recycled = odoo_log_figures(log)
    print("  Odoo per request path (whole run): count, queries, SQL ms, other ms (means)")
    for path, (count, queries, sql_ms, other_ms) in sorted(per_path.items()):
        print(
            f"    {path:52} {count:7} {queries / count:6.1f} {sql_ms / count:8.1f} "
            f"{other_ms / count:8.1f}"
        )
    print(
        "  workers recycled or killed: "
        + (", ".join(f"{k} {v}" for k, v in recycled.items()) or "none")
    )
    say(f"machine: {os.getloadavg()[0]:.2f} load average at the end")
    if args.replica and "ramp" in results:
        # The replica must hold what the primary holds (acknowledged or cut off).
        tag = results["ramp"]["tag"]
        on_primary = stored_once(env, db, tag)[0]
        ok = report_replica_run(env, rep_env, db, tag, on_primary, before, log) and ok
    return 0 if ok else 1


def report_replica_run(env, rep_env, db, tag, logged, before, log):
    """Where the load's requests went, and the replica caught up: True if all is well."""
    # The server has stopped: its connections closed and reported their statistics.
    time.sleep(1)
    after = {"primary": xact_counts(env, db), "replica": xact_counts(rep_env, db)}
    print("  transactions in the load database during the run (pg_stat_database):")
    total = {}
    for server in ("primary", "replica"):
        commits = after[server][0] - before[server][0]
        rollbacks = after[server][1] - before[server][1]
        total[server] = commits + rollbacks
        print(f"    {server:8} committed {commits:7}  rolled back {rollbacks:6}")
    share = 100.0 * total["replica"] / max(1, sum(total.values()))
    print(f"    on the replica: {share:.0f} % of the transactions")
    modes = cursor_modes(log)
    print(f"  requests by Odoo cursor (ro = replica, rw = primary, ro->rw = retried; {log}):")
    for path in sorted({path for path, _mode in modes}):
        counts = "  ".join(
            f"{mode} {modes[(path, mode)]}"
            for mode in ("ro", "rw", "ro->rw")
            if modes[(path, mode)]
        )
        print(f"    {path:45} {counts}")
    waited = wait_replayed(env, rep_env)
    rows, distinct = stored_once(rep_env, db, tag)
    caught_up = rows == logged and distinct == logged
    say(
        f"replica caught up in {waited:.1f} s: stored {rows}, distinct {distinct} of {logged} "
        + ("(same as the primary)" if caught_up else "MISMATCH")
    )
    return caught_up and total["replica"] > 0


def cmd_screenshots(args):
    """README pictures: serve the demo database and shoot the main screens."""

    src, env = setup()
    db = "corporate_client_demo"
    port = free_port()
    conf = write_config(src, env, "screenshots", db, port)
    if not db_exists(env, db):
        install_db(src, env, conf, db, demo=True)
    with serving(src, env, conf, db, port) as url:
        return run(
            [
                venv_python(),
                ROOT / "tools" / "screenshots.py",
                url,
                db,
                ROOT / "static" / "description" / "screenshots",
            ],
            env=env,
            check=False,
        ).returncode


def cmd_cron_race(_args):
    """Two workers run the monthly report and collection jobs at once: nothing twice."""
    src, env = setup()
    db = f"corporate_client_race_{CHECKOUT_KEY}"
    conf = write_config(src, env, "race", db, free_port())
    install_db(src, env, conf, db, demo=True)
    shell = [str(c) for c in odoo_bin(src)] + [
        "shell",
        "-c",
        str(conf),
        "-d",
        db,
        "--no-http",
        "--log-level=error",
    ]
    start = time.time() + 25  # both shells are loaded by then
    procs = []
    for name in ("worker-1", "worker-2"):
        procs.append(
            subprocess.Popen(
                shell,
                env=dict(env, RACE_START=str(start), RACE_NAME=name),
                stdin=open(ROOT / "tools" / "cron_race.py"),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        )
    outputs = [proc.communicate(timeout=600)[0] for proc in procs]
    for out in outputs:
        for line in out.splitlines():
            if line.startswith("worker-"):
                print("  " + line)

    dup_reports = psql(
        env,
        db,
        "select count(*) from (select user_id, date_from from corporate_monthly_report "
        "group by 1, 2 having count(*) > 1) d",
    )
    reports = psql(env, db, "select count(*) from corporate_monthly_report")
    dup_activities = psql(
        env,
        db,
        "select count(*) from (select a.res_id, a.user_id, a.summary from mail_activity a "
        "join mail_activity_type t on t.id = a.activity_type_id "
        "where a.res_model = 'corporate.client' and t.name->>'en_US' = 'Collect payment' "
        "group by 1, 2, 3 having count(*) > 1) d",
    )
    activities = psql(
        env,
        db,
        "select count(*) from mail_activity a join mail_activity_type t "
        "on t.id = a.activity_type_id where a.res_model = 'corporate.client' "
        "and t.name->>'en_US' = 'Collect payment'",
    )
    committed = sum("committed" in out for out in outputs)
    print(
        f"  reports {reports} (duplicates {dup_reports}), collect-payment activities "
        f"{activities} (duplicates {dup_activities}), runs committed {committed}/2"
    )
    drop_db(env, db)
    ok = dup_reports == "0" and dup_activities == "0" and committed >= 1 and reports != "0"
    say("concurrent cron check " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def cmd_shell(args):
    src, env = setup()
    db = args.db or "corporate_client_demo"
    conf = write_config(src, env, "shell", db, free_port())
    os.execvpe(str(venv_python()), [str(c) for c in odoo_bin(src) + ["shell", "-c", conf]], env)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="dev.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("setup")
    p = sub.add_parser("demo")
    p.add_argument("--db")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8069)))
    p.add_argument("--reset", action="store_true")
    p.add_argument("--no-serve", action="store_true")
    p = sub.add_parser("test")
    p.add_argument(
        "--reuse-db",
        action="store_true",
        help="update the addon in the last test database instead of a fresh one",
    )
    p.set_defaults(pytest_args=[])
    p = sub.add_parser("test-demo")
    p.add_argument("--tests", help="run only this test class or method (Odoo's test-tags spec)")
    p.add_argument(
        "--neighbours",
        action="store_true",
        help=f"with the OCA modules {', '.join(OCA_TESTED)} installed, their tests too",
    )
    p = sub.add_parser("test-shifted")
    p.add_argument(
        "--at",
        action="append",
        metavar="'YYYY-MM-DD HH:MM:SS'",
        help=f"UTC moment to run the suite at (repeatable; default {', '.join(SHIFTED_MOMENTS)})",
    )
    p.set_defaults(pytest_args=[])
    sub.add_parser("lint")
    p = sub.add_parser("bench")
    p.add_argument("name", nargs="?", help="run tools/bench_<name>.py only")
    p.add_argument("--db")
    p.add_argument("--reset", action="store_true")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    sub.add_parser("wheel")
    sub.add_parser("pot")
    p = sub.add_parser("upgrade-check")
    p.add_argument(
        "--from",
        dest="from_ref",
        help="git ref of the release to upgrade from (default: the last commit of the "
        "previous version in __manifest__.py)",
    )
    p = sub.add_parser("odoo-tests")
    p.add_argument(
        "--fresh-baseline",
        action="store_true",
        help="rerun the tests without the addon instead of reusing the cached baseline",
    )
    sub.add_parser("install-check")
    sub.add_parser("cron-race")
    sub.add_parser("screenshots")
    p = sub.add_parser("load")
    p.add_argument("--quick", action="store_true", help="short steps: done in under 5 minutes")
    p.add_argument("--managers", type=int, help="managers seeded (default: the largest step)")
    p.add_argument(
        "--steps", help="users per step of the ramp (default 10,50,100,200,400; 0: none)"
    )
    p.add_argument("--step-seconds", type=float, help="seconds per step (default 180)")
    p.add_argument("--think", default="5,15", help="seconds between two screens: min,max")
    p.add_argument(
        "--saturation", help="users per step without think time (default 1,2,4,8,16,32,64; 0: none)"
    )
    p.add_argument("--saturation-seconds", type=float, help="seconds per step (default 60)")
    p.add_argument(
        "--spawn-rate", type=float, help="new users per second (default 2; 5 with --quick)"
    )
    p.add_argument("--workers", type=int, help="Odoo workers (default: 2 x cores + 1)")
    p.add_argument(
        "--connections",
        type=int,
        help="requests in flight at most, as a reverse proxy forwards them "
        "(default 7 x workers; 0: unbounded, the clients connect to Odoo directly)",
    )
    p.add_argument("--reset", action="store_true")
    p.add_argument(
        "--replica",
        action="store_true",
        help="serve with a streaming replica of the PostgreSQL server as db_replica_host",
    )
    p = sub.add_parser("shell")
    p.add_argument("--db")
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.cmd not in ("test", "test-shifted"):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.pytest_args = extra
    try:
        return globals()[f"cmd_{args.cmd.replace('-', '_')}"](args)
    except SetupError as exc:
        say(f"ERROR: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
