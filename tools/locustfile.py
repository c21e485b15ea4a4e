"""Locust load of a sales office on the addon: the RPCs Odoo 18's web client sends.

Run by ``tools/dev.py load`` (``make load``) in a venv of its own (Locust pins
gevent and Werkzeug versions that differ from Odoo's), headless, with CSV and
HTML reports kept under the cache directory.  Not part of the test suite.

Each simulated person logs in once (``/web/session/authenticate``: Odoo's
password hash costs ~0.3 s of CPU), loads the menus, then goes through a
working day's mix of screens, each sent as the web client sends it:

- managers (weight 10): *My day* (``/web/action/load`` of the client action,
  ``corporate.work.queue/get_my_day``); logging a call, an e-mail offer or a
  phone offer from a row of the work queue (``action_log``, the quick form's
  ``get_views`` once per session, ``onchange``, ``web_save``, *My day*
  reloaded); opening a card from the list (``web_search_read`` of the list,
  ``web_read`` of the form with its specification, ``/mail/thread/data`` and
  ``/mail/thread/messages`` of the chatter); searching clients by name;
- department heads (weight 1): team progress (``/web/action/load`` of the
  client action, ``get_team_grid``), the monthly reports to approve;
- one accountant: the receivables aging pivot;
- one director: the overview (``get_overview``).

The views' specifications come from the arches ``get_views`` returns, as the
web client builds them (fields of the view, ``display_name`` of relations).

Environment (set by dev.py): LOAD_DB, LOAD_MANAGERS (logins load_mgr_00..),
LOAD_HEADS, LOAD_TAG (note prefix of the logged interactions), LOAD_THINK
("min,max" seconds between two screens, "0" for none), LOAD_STEPS (users per
step, "10,50,100"), LOAD_STEP_SECONDS, LOAD_SPAWN_RATE, LOAD_OUT (directory:
steps.json is written there), LOAD_PGDB (database sampled in pg_stat_activity /
pg_locks every 2 s through psql, PG* variables of the environment).
"""

import contextlib
import itertools
import json
import os
import random
import subprocess
import time
import xml.etree.ElementTree as ET
from collections import defaultdict

import gevent
import gevent.lock
import psutil
from locust import LoadTestShape, between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

DB = os.environ.get("LOAD_DB", "")
MANAGERS = int(os.environ.get("LOAD_MANAGERS", "20"))
HEADS = int(os.environ.get("LOAD_HEADS", "2"))
TAG = os.environ.get("LOAD_TAG", "load")
THINK = [float(x) for x in os.environ.get("LOAD_THINK", "5,15").split(",")]
STEPS = [int(x) for x in os.environ.get("LOAD_STEPS", "10,50").split(",")]
STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "5"))
OUT = os.environ.get("LOAD_OUT", ".")
PGDB = os.environ.get("LOAD_PGDB", "")
ODOO_MATCH = os.environ.get("LOAD_ODOO_MATCH", "")
PRELOGIN = os.environ.get("LOAD_PRELOGIN") == "1"
# Requests in flight at most, as the reverse proxy in front of Odoo forwards
# them (0: unbounded).  Odoo's prefork server opens no keep-alive connection
# and listens with a backlog of 8 x workers: past it, the kernel drops the
# connection attempts and clients retry after 1 s, 3 s... (a fall no proxy
# lets happen).  The latencies include the wait, like a user's behind the proxy.
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "0"))
proxy = gevent.lock.BoundedSemaphore(CONNECTIONS) if CONNECTIONS else contextlib.nullcontext()
# A step is measured from SETTLE seconds after its users have all logged in.
SETTLE = min(10.0, STEP_SECONDS * 0.1)

wait = constant(0) if THINK == [0.0] else between(THINK[0], THINK[-1])
manager_numbers = itertools.count()
head_numbers = itertools.count()
# Interactions the server acknowledged (web_save returned their id).
logged = []


# --------------------------------------------------------------------------- steps
# Requests of a session's start (the login storm), measured apart.
LOGIN_KINDS = ("login", "load_menus")


class Steps:
    """Latencies per step and request kind, the client's CPU, the database's waits.

    A step is measured from the moment all its users have logged in (plus
    SETTLE seconds) to its end; the logins of the step are reported apart.
    """

    def __init__(self):
        self.index = -1
        self.done = []
        self.process = psutil.Process()
        self.sessions = 0
        self.reset()

    def reset(self):
        self.started = time.time()
        self.ready_at = None
        self.samples = defaultdict(list)
        self.logins = defaultdict(list)
        self.errors = defaultdict(int)
        self.db = defaultdict(list)
        self.cpu = []
        self.server_cpu_start = self.server_cpu_at = None
        self.logged_before = len(logged)

    def begin(self, index):
        if self.index >= 0:
            self.finish()
        self.index = index
        self.reset()

    def tick(self):
        if self.ready_at is None and self.sessions >= STEPS[self.index]:
            self.ready_at = time.time() + SETTLE
            self.logged_before = len(logged)

    def measuring(self):
        return self.index >= 0 and self.ready_at is not None and time.time() >= self.ready_at

    def record(self, name, ms, failed):
        if self.index < 0:
            return
        if name in LOGIN_KINDS:
            self.logins[name].append(ms)
        elif not self.measuring():
            return
        else:
            self.samples[name].append(ms)
        if failed:
            self.errors[name] += 1

    def finish(self):
        elapsed = time.time() - self.ready_at if self.measuring() else 0.0
        kinds = {}
        for name, values in sorted(self.samples.items()):
            values.sort()
            kinds[name] = {
                "n": len(values),
                "rps": len(values) / elapsed,
                "p50": pct(values, 0.50),
                "p95": pct(values, 0.95),
                "p99": pct(values, 0.99),
                "errors": self.errors.get(name, 0),
            }
        logins = {}
        for name, values in sorted(self.logins.items()):
            values.sort()
            logins[name] = {
                "n": len(values),
                "p50": pct(values, 0.50),
                "p95": pct(values, 0.95),
                "max": values[-1],
            }
        requests = sum(k["n"] for k in kinds.values())
        server_cpu = server_seconds = 0.0
        if self.server_cpu_start is not None:
            server_cpu = server_cpu_seconds() - self.server_cpu_start
            server_seconds = time.time() - self.server_cpu_at
        self.done.append(
            {
                "users": STEPS[self.index],
                "sessions": self.sessions,
                "settled_after": round((self.ready_at or time.time()) - self.started, 1),
                "seconds": round(elapsed, 1),
                "requests": requests,
                "rps": requests / elapsed if elapsed else 0.0,
                "errors": sum(self.errors.values()),
                "client_cpu": sum(self.cpu) / len(self.cpu) if self.cpu else 0.0,
                # Cores used by Odoo and its PostgreSQL backends, CPU ms per request.
                "server_cores": server_cpu / server_seconds if server_seconds else 0.0,
                "server_cpu_ms": 1000 * server_cpu / requests if requests else 0.0,
                "db": {key: max(values) for key, values in self.db.items()},
                "db_mean": {key: sum(values) / len(values) for key, values in self.db.items()},
                "logged": len(logged) - self.logged_before,
                "kinds": kinds,
                "logins": logins,
            }
        )
        with open(os.path.join(OUT, "steps.json"), "w") as fh:
            json.dump({"logged": logged, "steps": self.done}, fh)


def pct(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


steps = Steps()


@events.request.add_listener
def on_request(request_type, name, response_time, response_length, exception=None, **_kw):
    steps.record(name, response_time, exception is not None)


def server_cpu_seconds():
    """CPU seconds used so far by the Odoo server (processes whose command line
    holds LOAD_ODOO_MATCH) and the PostgreSQL backends of LOAD_PGDB."""
    total = 0.0
    for proc in psutil.process_iter(["cmdline", "cpu_times"]):
        cmdline = " ".join(proc.info["cmdline"] or ())
        if (ODOO_MATCH and ODOO_MATCH in cmdline) or (
            PGDB and cmdline.startswith("postgres:") and f" {PGDB} " in cmdline
        ):
            times = proc.info["cpu_times"]
            if times:
                total += times.user + times.system
    return total


def sample_client_cpu():
    """The load client's share of one core, every second (psutil); the server's
    CPU seconds at the start of each step's measured window."""
    steps.process.cpu_percent(None)
    while True:
        gevent.sleep(1)
        share = steps.process.cpu_percent(None)
        if steps.measuring():
            steps.cpu.append(share)
            if steps.server_cpu_start is None:
                steps.server_cpu_start = server_cpu_seconds()
                steps.server_cpu_at = time.time()


DB_SAMPLE = """
select count(*) filter (where state = 'active'),
       count(*) filter (where wait_event_type = 'Lock'),
       count(*) filter (where wait_event_type = 'LWLock'),
       count(*) filter (where wait_event_type = 'IO'),
       (select count(*) from pg_locks l where not l.granted)
  from pg_stat_activity where datname = current_database() and pid != pg_backend_pid()
"""


def sample_database():
    """Backends active and waiting (heavy-weight locks, LWLocks, IO), locks not granted."""
    keys = ("active", "lock_wait", "lwlock_wait", "io_wait", "locks_not_granted")
    while PGDB:
        gevent.sleep(2)
        if not steps.measuring():
            continue
        try:
            out = subprocess.run(
                ["psql", "-d", PGDB, "-tAc", DB_SAMPLE],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
            values = [int(v) for v in out.split("|")]
        except (OSError, ValueError, subprocess.TimeoutExpired):
            continue
        for key, value in zip(keys, values, strict=False):
            steps.db[key].append(value)


@events.test_start.add_listener
def on_start(environment, **_kw):
    gevent.spawn(sample_client_cpu)
    gevent.spawn(sample_database)


@events.test_stopping.add_listener
def on_stop(environment, **_kw):
    if steps.index >= 0:
        steps.finish()
        steps.index = -1


class Ramp(LoadTestShape):
    """LOAD_STEPS users, LOAD_STEP_SECONDS each, arriving at LOAD_SPAWN_RATE per second.

    With LOAD_PRELOGIN, the largest step's users all log in first, and each step
    then puts its number of them to work (the others idle): the steps measure
    requests without logins in them.
    """

    all_in_at = None

    def tick(self):
        run_time = self.get_run_time()
        if PRELOGIN:
            if self.all_in_at is None:
                if steps.sessions < max(STEPS):
                    return max(STEPS), SPAWN_RATE
                self.all_in_at = run_time
            index = int((run_time - self.all_in_at) // STEP_SECONDS)
        else:
            index = int(run_time // STEP_SECONDS)
        if index >= len(STEPS):
            on_stop(None)
            return None
        if index != steps.index:
            steps.begin(index)
        steps.tick()
        return (max(STEPS) if PRELOGIN else STEPS[index]), SPAWN_RATE


# --------------------------------------------------------------------------- users
class OdooUser(FastHttpUser):
    """A person in Odoo's web client: one session, the RPCs of each screen."""

    abstract = True
    wait_time = wait
    login = None
    uid = None

    # -------------------------------------------------------------- transport
    def rpc(self, name, path, params):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": random.randint(1, 10**9),
        }
        with proxy, self.client.post(path, json=body, name=name, catch_response=True) as resp:
            try:
                data = resp.json()
            except Exception:  # noqa: BLE001 - a load failure, reported by Locust
                resp.failure(f"HTTP {resp.status_code}: no JSON")
                return None
            if data.get("error"):
                resp.failure(data["error"].get("data", {}).get("message", "error"))
                return None
            return data.get("result")

    def call(self, name, model, method, args=(), **kwargs):
        kwargs.setdefault("context", self.ctx)
        return self.rpc(
            name,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def on_start(self):
        self.views = {}
        self.ctx = {"lang": "en_US", "tz": "Asia/Jakarta", "uid": None}
        info = self.rpc(
            "login",
            "/web/session/authenticate",
            {"db": DB, "login": self.login, "password": self.login},
        )
        if not info:
            self.stop()
            return
        self.uid = info["uid"]
        self.ctx = dict(info.get("user_context") or {}, uid=self.uid)
        with proxy:
            self.client.get("/web/webclient/load_menus/0", name="load_menus")
        steps.sessions += 1

    def on_stop(self):
        if self.uid:
            steps.sessions -= 1

    # -------------------------------------------------------------- web client
    def load_action(self, xmlid):
        return self.rpc(
            "action_load", "/web/action/load", {"action_id": xmlid, "context": self.ctx}
        )

    def get_views(self, model, views):
        """``get_views`` once per session and view set (the web client keeps them)."""
        key = (model, tuple(tuple(v) for v in views))
        if key not in self.views:
            result = self.call(
                "get_views",
                model,
                "get_views",
                views=[list(v) for v in views],
                options={"action_id": False, "load_filters": True, "toolbar": True},
            )
            if not result:
                return None
            self.views[key] = {
                view_type: specification(result, model, view["arch"])
                for view_type, view in result["views"].items()
                if view_type != "search"
            }
        return self.views[key]

    def my_day(self):
        self.load_action("corporate_client.action_corporate_my_day")
        return self.call("my_day", "corporate.work.queue", "get_my_day")

    def open_list(self, model, views, domain, name, order="", limit=80):
        spec = self.get_views(model, views)
        if not spec:
            return None
        return self.call(
            name,
            model,
            "web_search_read",
            specification=spec["list"],
            domain=domain,
            offset=0,
            order=order,
            limit=limit,
            count_limit=10001,
        )


def specification(result, model, arch):
    """The web client's specification of an arch: its fields, relations' names."""
    fields = result["models"][model]["fields"]
    root = ET.fromstring(arch)
    spec = {}

    def walk(node):
        for child in node:
            if child.tag == "field":
                name = child.get("name")
                info = fields.get(name, {})
                if info.get("type") in ("many2one", "many2many", "one2many"):
                    spec[name] = {"fields": {"display_name": {}}}
                    if info["type"] != "many2one":
                        spec[name]["limit"] = 40
                else:
                    spec[name] = {}
                continue  # the subviews of an x2many are their model's
            walk(child)

    walk(root)
    spec.setdefault("display_name", {})
    return spec


CLIENT_VIEWS = [[False, "list"], [False, "form"], [False, "search"]]
CLIENT_FIELDS_LIST = "corporate.client list"


class Manager(OdooUser):
    weight = 10

    def on_start(self):
        self.number = next(manager_numbers)
        self.login = f"load_mgr_{self.number % MANAGERS:02d}"
        self.seq = 0
        self.rows = []
        self.cards = []
        super().on_start()
        self.refresh_my_day()

    def idle(self):
        """LOAD_PRELOGIN: True (after a pause) for a user the step does not use."""
        if PRELOGIN and (steps.index < 0 or self.number >= STEPS[steps.index]):
            gevent.sleep(0.5)
            return True
        return False

    def refresh_my_day(self):
        data = self.my_day()
        if data:
            self.rows = [row for row in data.get("rows", []) if row.get("client_id")]

    @task(4)
    def task_my_day(self):
        if self.idle():
            return
        self.refresh_my_day()

    @task(3)
    def log_call(self):
        if self.idle():
            return
        self.log("call", "log_call")

    @task(2)
    def email_offer(self):
        if self.idle():
            return
        self.log("email_offer", "email_offer")

    @task(1)
    def phone_offer(self):
        if self.idle():
            return
        self.log("phone_offer", "phone_offer")

    def log(self, interaction_type, name):
        """A row's button of the work queue: the quick form, filled in and saved."""
        if self.rows:
            row = random.choice(self.rows)
            action = self.call(
                "action_log",
                "corporate.work.queue",
                "action_log",
                [row["key"], row["client_id"], interaction_type],
            )
        else:
            if not self.cards:
                self.search_clients()
            if not self.cards:
                return
            action = self.call(
                "action_log",
                "corporate.client",
                "action_log_offer" if "offer" in interaction_type else "action_log_call",
                [[random.choice(self.cards)]],
            )
        if not action:
            return
        context = dict(self.ctx, **action.get("context", {}))
        spec = self.get_views("corporate.interaction", action["views"])
        if not spec:
            return
        form = spec["form"]
        values = self.call(
            "onchange",
            "corporate.interaction",
            "onchange",
            [[], {}, [], form],
            context=context,
        )
        if values is None:
            return
        self.seq += 1
        note = f"{TAG}-{self.login}-{self.seq}"
        vals = {
            "interaction_type": interaction_type,
            "outcome": "offer_requested" if "offer" in interaction_type else "reached",
            "duration": 3,
            "note": note,
        }
        saved = self.call(
            name,
            "corporate.interaction",
            "web_save",
            [[], vals],
            specification={"display_name": {}},
            context=context,
        )
        if saved:
            logged.append(note)
        # The dialog closes: My day reloads.
        self.refresh_my_day()

    @task(3)
    def open_card(self):
        """The cards' list, a card's form and its chatter."""
        if self.idle():
            return
        records = self.open_list(
            "corporate.client",
            CLIENT_VIEWS,
            [("user_id", "=", self.uid)],
            "client_list",
        )
        if not records or not records.get("records"):
            return
        self.cards = [r["id"] for r in records["records"]]
        card = random.choice(self.cards)
        spec = self.get_views("corporate.client", CLIENT_VIEWS)
        self.call(
            "client_form", "corporate.client", "web_read", [[card]], specification=spec["form"]
        )
        thread = {"thread_model": "corporate.client", "thread_id": card}
        self.rpc(
            "chatter_data",
            "/mail/thread/data",
            dict(
                thread,
                request_list=[
                    "activities",
                    "attachments",
                    "followers",
                    "scheduledMessages",
                    "suggestedRecipients",
                ],
            ),
        )
        self.rpc("chatter_messages", "/mail/thread/messages", dict(thread, limit=30))

    @task(1)
    def search_clients(self):
        if self.idle():
            return
        word = random.choice(["client", "Load", "1", "2", "3"])
        records = self.open_list(
            "corporate.client",
            CLIENT_VIEWS,
            ["&", ("user_id", "=", self.uid), ("name", "ilike", word)],
            "client_search",
        )
        if records and records.get("records"):
            self.cards = [r["id"] for r in records["records"]]


class Head(OdooUser):
    weight = 1

    def on_start(self):
        self.login = f"load_head_{next(head_numbers) % max(1, HEADS):02d}"
        super().on_start()

    @task(3)
    def team_progress(self):
        self.load_action("corporate_client.action_corporate_team_progress")
        self.call("team_progress", "corporate.quota.progress", "get_team_grid")

    @task(1)
    def approvals(self):
        self.load_action("corporate_client.action_corporate_monthly_report")
        self.open_list(
            "corporate.monthly.report",
            [[False, "list"], [False, "form"], [False, "search"]],
            [("state", "=", "submitted")],
            "approvals",
        )


class Accountant(OdooUser):
    fixed_count = 1

    def on_start(self):
        self.login = "load_accountant"
        super().on_start()

    @task
    def aging(self):
        self.load_action("corporate_client.action_corporate_receivable_report")
        self.get_views(
            "corporate.receivable.report", [[False, "pivot"], [False, "list"], [False, "search"]]
        )
        self.call(
            "aging",
            "corporate.receivable.report",
            "read_group",
            domain=[],
            fields=["amount_residual:sum"],
            groupby=["user_id", "aging"],
            lazy=False,
        )


class Director(OdooUser):
    fixed_count = 1

    def on_start(self):
        self.login = "load_director"
        super().on_start()

    @task
    def overview(self):
        self.load_action("corporate_client.action_corporate_overview")
        self.call("overview", "corporate.work.queue", "get_overview")
