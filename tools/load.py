"""Load test: N managers logging calls and opening cards over JSON-RPC.

Usage (through tools/dev.py load): python tools/load.py URL DB MANAGERS SECONDS [CONNECTIONS]
Every manager logs in first; the SECONDS of load start when all are logged in
(a hundred password checks take a while on a small machine).  Prints
requests/s, p50/p95 latency and errors, then the run's tag so that the caller
can verify each interaction was stored exactly once.

CONNECTIONS bounds the requests in flight, as the reverse proxy in front of
Odoo does: Odoo's prefork server listens with a backlog of 8 x workers (32 for
4 workers) and opens no keep-alive connection, so a hundred users connecting
to it directly overflow the backlog and the kernel resets connections.  The
latencies include the wait for a connection, like a user's behind the proxy.
"""

import collections
import http.cookiejar
import json
import statistics
import sys
import threading
import time
import urllib.request
import uuid

URL, DB, MANAGERS, SECONDS = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
CONNECTIONS = int(sys.argv[5]) if len(sys.argv) > 5 else MANAGERS


class Slots:
    """At most ``n`` requests in flight, handed over first come, first served.

    (A semaphore lets a thread that just released a slot take it back before
    the one it woke up: some managers would wait for a minute.)
    """

    def __init__(self, n):
        self.lock = threading.Lock()
        self.free = n
        self.waiting = collections.deque()

    def __enter__(self):
        with self.lock:
            if self.free and not self.waiting:
                self.free -= 1
                return self
            turn = threading.Event()
            self.waiting.append(turn)
        turn.wait()
        return self

    def __exit__(self, *exc):
        with self.lock:
            if self.waiting:
                self.waiting.popleft().set()  # the slot goes to the longest waiting
            else:
                self.free += 1


connections = Slots(CONNECTIONS)
TAG = uuid.uuid4().hex[:8]
lock = threading.Lock()
latencies = {"log_call": [], "open_card": []}
errors = []
logged = []


def rpc(opener, path, params):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
    req = urllib.request.Request(URL + path, body, {"Content-Type": "application/json"})
    with connections, opener.open(req, timeout=180) as resp:
        data = json.loads(resp.read())
    if data.get("error"):
        raise RuntimeError(data["error"]["data"]["message"])
    return data["result"]


def call(opener, model, method, args, kwargs=None):
    return rpc(
        opener,
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
    )


def manager(index, window):
    login = f"load_mgr_{index:02d}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        rpc(opener, "/web/session/authenticate", {"db": DB, "login": login, "password": login})
        cards = call(opener, "corporate.client", "search", [[]])
    except Exception as exc:  # noqa: BLE001 - reported as a load error
        with lock:
            errors.append(f"{login} login: {exc}")
        cards = None
    deadline = window.wait()
    if not cards:
        return
    seq = 0
    while time.time() < deadline:
        seq += 1
        card = cards[seq % len(cards)]
        for kind in ("log_call", "open_card"):
            started = time.perf_counter()
            try:
                if kind == "log_call":
                    note = f"{TAG}-{login}-{seq}"
                    call(
                        opener,
                        "corporate.interaction",
                        "create",
                        [
                            {
                                "client_id": card,
                                "interaction_type": "call",
                                "outcome": "reached",
                                "note": note,
                            }
                        ],
                    )
                    with lock:
                        logged.append(note)
                else:
                    call(
                        opener,
                        "corporate.client",
                        "web_read",
                        [[card]],
                        {
                            "specification": {
                                "name": {},
                                "stage": {},
                                "last_contact_date": {},
                                "next_checkin_date": {},
                                "missing_info": {},
                            }
                        },
                    )
            except Exception as exc:  # noqa: BLE001 - reported as a load error
                with lock:
                    errors.append(f"{login} {kind}: {exc}")
                continue
            with lock:
                latencies[kind].append(time.perf_counter() - started)


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


class Window:
    """The load's time window: it opens when every manager has logged in."""

    def __init__(self, parties):
        self.barrier = threading.Barrier(parties, action=self.open)
        self.started = self.deadline = None

    def open(self):
        self.started = time.time()
        self.deadline = self.started + SECONDS

    def wait(self):
        self.barrier.wait()
        return self.deadline


window = Window(MANAGERS)
threads = [threading.Thread(target=manager, args=(i, window)) for i in range(MANAGERS)]
logins_started = time.time()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - window.started
print(f"logins of {MANAGERS} managers: {window.started - logins_started:.1f}s")
total = sum(len(v) for v in latencies.values())
print(
    f"managers={MANAGERS} connections={CONNECTIONS} duration={elapsed:.1f}s requests={total} "
    f"throughput={total / elapsed:.1f} req/s errors={len(errors)}"
)
for kind, values in latencies.items():
    print(
        f"  {kind:10} n={len(values):6} p50={pct(values, 0.5):7.1f} ms "
        f"p95={pct(values, 0.95):7.1f} ms "
        f"mean={statistics.fmean(values) * 1000 if values else 0:7.1f} ms"
    )
for line in errors[:10]:
    print("  error:", line)
print(f"TAG={TAG} LOGGED={len(logged)}")
