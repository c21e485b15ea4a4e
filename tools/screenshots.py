"""Take the README screenshots from a running demo server with headless Chromium.

Usage: python tools/screenshots.py URL DB OUTDIR
Logs in as each page's user through the login form, opens the page, waits for
the web client to settle and saves a PNG.  Uses the Chrome DevTools protocol
(websocket-client) with Debian's chromium; nothing is downloaded.
"""

import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

URL, DB, OUT = sys.argv[1], sys.argv[2], Path(sys.argv[3])
# (file name, login, path, seconds to settle)
PAGES = [
    ("client_cards.png", "anna", "/odoo/action-corporate_client.action_corporate_client", 4),
    ("client_card.png", "anna", "/odoo/action-corporate_client.action_corporate_client/{card}", 4),
    (
        "substitutions.png",
        "director",
        "/odoo/action-corporate_client.action_corporate_substitution",
        3,
    ),
]
EXTRA_PAGES = Path(__file__).with_name("screenshot_pages.json")


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=9333",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                tabs = json.loads(urllib.request.urlopen("http://127.0.0.1:9333/json").read())
                page = next(t for t in tabs if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.msg_id = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.msg_id += 1
        self.ws.send(json.dumps({"id": self.msg_id, "method": method, "params": params}))
        while True:
            data = json.loads(self.ws.recv())
            if data.get("id") == self.msg_id:
                return data.get("result", {})

    def goto(self, url, settle, ready=None):
        """Open ``url``, wait for the ``ready`` selector (30 s at most), then settle."""
        self.send("Page.navigate", url=url)
        if ready:
            for _ in range(150):
                time.sleep(0.2)
                found = self.js(f"!!document.querySelector({json.dumps(ready)})")
                if found.get("result", {}).get("value"):
                    break
        time.sleep(settle)

    def goto_wait(self, ready, settle):
        for _ in range(150):
            time.sleep(0.2)
            if (
                self.js(f"!!document.querySelector({json.dumps(ready)})")
                .get("result", {})
                .get("value")
            ):
                break
        time.sleep(settle)

    def js(self, expression):
        return self.send("Runtime.evaluate", expression=expression, awaitPromise=True)

    def shot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(chrome, user):
    chrome.send("Network.clearBrowserCookies")
    chrome.goto(f"{URL}/web/login?db={DB}", 2)
    password = "admin" if user == "admin" else "demo"
    params = json.dumps({"db": DB, "login": user, "password": password})
    result = chrome.js(
        "fetch('/web/session/authenticate', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0', "
        f"method: 'call', params: {params}}})}}).then(r => r.json())"
        ".then(d => d.error ? 'error: ' + d.error.data.message : 'ok')"
    )
    status = result.get("result", {}).get("value")
    if status != "ok":
        raise SystemExit(f"cannot log in as {user}: {status}")


def pdf_page(name, user, report, model, whole_department=False):
    """First page of a QWeb PDF report of the demo, through pdftoppm.

    ``whole_department``: print the latest record with the others of its
    month and department (the department summary).
    """
    import http.cookiejar

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def rpc(path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(URL + path, body, {"Content-Type": "application/json"})
        return json.loads(opener.open(request, timeout=120).read())["result"]

    rpc("/web/session/authenticate", {"db": DB, "login": user, "password": "demo"})
    ids = rpc(
        "/web/dataset/call_kw",
        {
            "model": model,
            "method": "search",
            "args": [[]],
            "kwargs": {"limit": 1, "order": "date_from desc"},
        },
    )
    if not ids:
        print(f"no {model} record for {name}")
        return
    ids = ids[:1]
    if whole_department:
        [latest] = rpc(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": "read",
                "args": [ids, ["date_from", "team_id"]],
                "kwargs": {},
            },
        )
        team = latest["team_id"] and latest["team_id"][0]
        ids = rpc(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": "search",
                "args": [[["date_from", "=", latest["date_from"]], ["team_id", "=", team]]],
                "kwargs": {},
            },
        )
    docids = ",".join(str(record_id) for record_id in ids)
    pdf = opener.open(f"{URL}/report/pdf/{report}/{docids}", timeout=300).read()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "report.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                Path(tmp, "report.pdf"),
                OUT / name.removesuffix(".png"),
            ],
            check=True,
        )
    print(f"saved {OUT / name}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    pages = list(PAGES)
    if EXTRA_PAGES.exists():
        pages += [tuple(p) for p in json.loads(EXTRA_PAGES.read_text())]
    chrome = Chrome()
    try:
        current = None
        for name, user, path, settle, *click in pages:
            if user != current:
                login(chrome, user)
                current = user
            if "{card}" in path:
                card = chrome.js(
                    "fetch('/web/dataset/call_kw', {method: 'POST', headers: "
                    "{'Content-Type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0',"
                    " method: 'call', params: {model: 'corporate.client', method: 'search', "
                    "args: [[['stage', '=', 'active']]], kwargs: {limit: 1}}})})"
                    ".then(r => r.json()).then(d => d.result[0])"
                )["result"]["value"]
                path = path.format(card=card)
            if "{quotation}" in path:
                quotation = chrome.js(
                    "fetch('/web/dataset/call_kw', {method: 'POST', headers: "
                    "{'Content-Type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0',"
                    " method: 'call', params: {model: 'sale.order', method: 'search', "
                    "args: [[['state', '=', 'draft'], ['partner_id.is_corporate_client', "
                    "'=', true]]], kwargs: {limit: 1, order: 'id desc'}}})})"
                    ".then(r => r.json()).then(d => d.result[0])"
                )["result"]["value"]
                path = path.format(quotation=quotation)
            # Pages named *_phone.png are taken at a phone's width (390 px, touch).
            if name.endswith("_phone.png"):
                chrome.send(
                    "Emulation.setDeviceMetricsOverride",
                    width=390,
                    height=844,
                    deviceScaleFactor=2,
                    mobile=True,
                )
            else:
                chrome.send("Emulation.clearDeviceMetricsOverride")
            chrome.goto(
                URL + path,
                settle,
                ready=".o_action_manager .o_view_controller, .o_content, .o_corporate_my_day_page",
            )
            if click:
                chrome.js(f"document.querySelector({json.dumps(click[0])}).click()")
                chrome.goto_wait(".modal .o_form_view", settle)
            chrome.shot(OUT / name)
            print(f"saved {OUT / name}")
    finally:
        chrome.close()
    if shutil.which("pdftoppm"):
        pdf_page(
            "monthly_report_pdf.png",
            "director",
            "corporate_client.report_monthly_report",
            "corporate.monthly.report",
        )
        pdf_page(
            "department_summary_pdf.png",
            "director",
            "corporate_client.report_department_summary",
            "corporate.monthly.report",
            whole_department=True,
        )


main()
