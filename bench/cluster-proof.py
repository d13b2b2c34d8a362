#!/usr/bin/env python3
"""Several router instances as real processes: the proof of issue "one service across several instances".

Starts the exchange simulator and three `serve --cluster` JVMs on one external PostgreSQL (a fresh schema per run),
sends a steady multi-user load of entry signals through every instance, kill -9's one instance and SIGSTOPs another
past its lease (then SIGCONTs it), and checks at the end:

  * every acknowledged (202) order is final;
  * no client order id reached a venue twice (the simulator's own record, GET /__sim/orders);
  * every order is placed at most once per leg, and positions equal the venues' fills;
  * the killed and the paused instance's shards were held by live instances again within 10 s.

Writes a markdown report (default bench/results/cluster-processes-<date>.md). Standard library only.

    bench/cluster-proof.py [--db-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres] [--seconds 40]
"""
import argparse
import base64
import collections
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN = "proof-admin-token-" + os.urandom(6).hex()
MASTER_KEY = base64.b64encode(os.urandom(32)).decode()
VENUES = ["binance", "bybit"]
USERS = [f"pu-{i}" for i in range(8)]


def http(method, url, body=None, token=None, timeout=3.0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java():
    return subprocess.check_output([os.path.join(ROOT, "bin", "find-java")], text=True).strip() + "/bin/java"


class Instance:
    def __init__(self, name, jar, work, db_url, schema, venues_file):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        self.data = os.path.join(work, "data-" + name)
        self.log = open(os.path.join(work, name + ".log"), "w")
        env = dict(os.environ, NIJA_ADMIN_TOKEN=ADMIN, NIJA_MASTER_KEY=MASTER_KEY)
        self.proc = subprocess.Popen([java(), "-Xmx384m", "-jar", jar, "serve", "--cluster", "--db-url", db_url,
                                      "--db-schema", schema, "--venues-from", venues_file, "--port", str(self.port),
                                      "--data-dir", self.data], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.instance_id = None

    def wait_ready(self, seconds=400):
        end = time.time() + seconds
        while time.time() < end:
            if self.proc.poll() is not None:
                raise SystemExit(f"instance {self.name} exited: see {self.log.name}")
            try:
                status, _ = http("GET", f"http://127.0.0.1:{self.port}/health", timeout=1)
                if status == 200:
                    with open(os.path.join(self.data, "instance-id")) as f:
                        self.instance_id = f.read().strip()
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.5)
        raise SystemExit(f"instance {self.name} not up in {seconds}s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db-url", default="jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
    ap.add_argument("--seconds", type=int, default=40, help="length of the load")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results",
                                                  f"cluster-processes-{datetime.date.today()}.md"))
    ap.add_argument("--keep", action="store_true", help="keep the work dir and the schema")
    ap.add_argument("--workers", type=int, default=2, help="load threads")
    ap.add_argument("--pause", type=float, default=0.1, help="seconds between one thread's signals")
    ap.add_argument("--answer-timeout", type=float, default=10.0, help="seconds a signal may wait for its 202")
    a = ap.parse_args()

    jar = os.path.join(ROOT, "server", "target", "nija-router.jar")
    if not os.path.exists(jar):
        raise SystemExit("build first: ./mvnw -B -ntp -DskipTests package")
    work = tempfile.mkdtemp(prefix="cluster-proof-")
    schema = "proof_" + os.urandom(5).hex()
    procs = []
    try:
        venues_file = os.path.join(work, "venues.json")
        sim_log = open(os.path.join(work, "sim.log"), "w")
        sim = subprocess.Popen([java(), "-Xmx384m", "-jar", jar, "sim", "--port-base", "0", "--venues-out", venues_file],
                               stdout=sim_log, stderr=subprocess.STDOUT)
        procs.append(sim)
        end = time.time() + 60
        while not os.path.exists(venues_file) or os.path.getsize(venues_file) == 0:
            if time.time() > end or sim.poll() is not None:
                raise SystemExit("simulator did not start")
            time.sleep(0.3)
        time.sleep(0.5)
        with open(venues_file) as f:
            all_venues = json.load(f)
        venues = {v: all_venues[v] for v in VENUES}
        with open(venues_file, "w") as f:
            json.dump(venues, f)

        instances = [Instance(n, jar, work, a.db_url, schema, venues_file) for n in ("a", "b", "c")]
        procs += [i.proc for i in instances]
        for i in instances:
            i.wait_ready()
        time.sleep(5)  # two renewals: the shards are shared out

        tokens = {}
        for u in USERS:
            s, body = http("POST", instances[0].url + "/users", {"user_id": u}, ADMIN)
            assert s == 201, (s, body)
            tokens[u] = body["token"]
            s, body = http("PUT", f"{instances[0].url}/users/{u}/limits",
                           {"max_order_usd": "25000", "max_position_usd": "10000000", "daily_loss_usd": "100000",
                            "trades_per_second": 20, "allowed_venues": [], "allowed_pairs": [], "enabled": True},
                           ADMIN)
            assert s in (200, 204), (s, body)
            for v, base in venues.items():
                key, secret = f"{u}-{v}-key", os.urandom(16).hex()
                s, body = http("POST", base + "/__sim/accounts", {"api_key": key, "api_secret": secret, "balances": {
                    "USD": "10000000", "USDT": "10000000", "USDC": "10000000", "BTC": "0"}})
                assert s in (200, 201), (s, body)
                s, body = http("PUT", f"{instances[0].url}/users/{u}/credentials/{v}",
                               {"api_key": key, "api_secret": secret}, ADMIN, timeout=15)
                assert s == 204, (v, s, body)

        acked = {}            # order id -> (instance name, user)
        refused = collections.Counter()
        lost = collections.Counter()
        down = set()
        stop = threading.Event()
        events = []
        t0 = time.time()

        def load(worker):
            rnd = random.Random(worker)
            n = 0
            while not stop.is_set():
                inst = instances[n % len(instances)]
                n += 1
                if inst.name in down:
                    continue
                u = rnd.choice(USERS)
                body = {"user_id": u, "pair": "BTC-USD", "side": "buy", "size_usd": str(rnd.randint(20, 200)),
                        "signal_type": "entry", "strategy": "proof",
                        "idempotency_key": f"w{worker}-{n}"}
                try:
                    s, r = http("POST", inst.url + "/signals", body, tokens[u], timeout=a.answer_timeout)
                except OSError:
                    lost[inst.name] += 1  # no answer: not acknowledged
                    continue
                if s == 202:
                    for oid in r["order_ids"]:
                        acked[oid] = (inst.name, u)
                else:
                    refused[f"{s} {r.get('error', {}).get('code') if isinstance(r, dict) else r}"] += 1
                time.sleep(a.pause)

        workers = [threading.Thread(target=load, args=(w,), daemon=True) for w in range(a.workers)]
        for w in workers:
            w.start()

        def shards_by_owner(via):
            s, body = http("GET", via.url + "/cluster", None, ADMIN, timeout=2)
            held = {}
            for i in body.get("instances", []):
                held[i["instance_id"]] = set(i.get("shards", []))
            return held

        def wait_moved(gone, via, since):
            """Seconds from `since` until the live instances hold all 64 shards and `gone` holds none."""
            while time.time() - since < 40:
                try:
                    held = shards_by_owner(via)
                    live = set().union(*[v for k, v in held.items() if k != gone.instance_id]) if held else set()
                    if len(live) == 64 and not held.get(gone.instance_id):
                        return time.time() - since
                except (OSError, ValueError, KeyError):
                    pass
                time.sleep(0.1)
            return None

        time.sleep(a.seconds * 0.25)
        a_inst, b_inst, c_inst = instances
        before = shards_by_owner(a_inst)
        c_shards = len(before.get(c_inst.instance_id, ()))
        down.add("c")
        killed_at = time.time()
        c_inst.proc.send_signal(signal.SIGKILL)
        events.append(f"{killed_at - t0:.1f} s: kill -9 instance c ({c_shards} shards)")
        kill_takeover = wait_moved(c_inst, a_inst, killed_at)
        events.append(f"c's shards held by live instances after {kill_takeover:.2f} s" if kill_takeover
                      else "c's shards NOT taken over within 40 s")

        time.sleep(a.seconds * 0.15)
        b_shards = len(shards_by_owner(a_inst).get(b_inst.instance_id, ()))
        down.add("b")
        paused_at = time.time()
        b_inst.proc.send_signal(signal.SIGSTOP)
        events.append(f"{paused_at - t0:.1f} s: SIGSTOP instance b ({b_shards} shards)")
        pause_takeover = wait_moved(b_inst, a_inst, paused_at)
        events.append(f"b's shards held by a after {pause_takeover:.2f} s" if pause_takeover
                      else "b's shards NOT taken over within 40 s")
        time.sleep(3)
        b_inst.proc.send_signal(signal.SIGCONT)
        down.discard("b")
        events.append(f"{time.time() - t0:.1f} s: SIGCONT instance b (it finds its leases gone and drops them)")

        remaining = a.seconds - (time.time() - t0)
        if remaining > 0:
            time.sleep(remaining)
        stop.set()
        for w in workers:
            w.join()
        load_end = time.time()

        # Settle: every acknowledged order final (read through a).
        final_statuses = {}
        deadline = time.time() + 120
        pending = set(acked)
        while pending and time.time() < deadline:
            for oid in list(pending):
                s, o = http("GET", f"{a_inst.url}/orders/{oid}", None, ADMIN, timeout=5)
                if s == 200 and o["status"] not in ("pending", "routing", "queued", "executing", "partial_fill",
                                                     "unknown"):
                    final_statuses[oid] = o
                    pending.discard(oid)
            if pending:
                time.sleep(1)
        # Also the orders whose 202 never reached us (the client gave up, or the instance died after storing):
        # stored means acknowledged as far as the router knows, so they must end final too.
        stored_open = []
        stored_total = 0
        while time.time() < deadline + 60:
            stored_open, stored_total = [], 0
            for u in USERS:
                s, page = http("GET", f"{a_inst.url}/orders?user_id={u}&limit=1000", None, ADMIN, timeout=10)
                for o in page if isinstance(page, list) else page.get("orders", []):
                    stored_total += 1
                    if o["status"] in ("pending", "routing", "queued", "executing", "partial_fill", "unknown"):
                        stored_open.append(o["order_id"])
            if not stored_open:
                break
            time.sleep(2)
        settle_s = time.time() - load_end

        # The venues' own record: client order ids, fills per account.
        dup = {}
        placed = 0
        filled_by_user_venue = collections.defaultdict(lambda: 0.0)
        from decimal import Decimal
        filled_exact = collections.defaultdict(Decimal)
        for v, base in venues.items():
            s, orders = http("GET", base + "/__sim/orders", timeout=30)
            placed += len(orders)
            counts = collections.Counter(o["client_order_id"] for o in orders)
            dup[v] = sorted(c for c, k in counts.items() if k > 1)
            for o in orders:
                user = o["api_key"].rsplit("-" + v + "-key", 1)[0]
                filled_exact[(user, v)] += Decimal(o["filled_qty"]) * (1 if o["side"].lower() == "buy" else -1)
        mismatches = []
        for u in USERS:
            s, positions = http("GET", f"{a_inst.url}/positions?user_id={u}", None, ADMIN, timeout=5)
            held = collections.defaultdict(Decimal)
            for p in positions:
                held[(u, p["venue"])] += Decimal(p["qty"])
            for v in venues:
                if held[(u, v)] != filled_exact[(u, v)]:
                    mismatches.append(f"{u}@{v}: position {held[(u, v)]} vs venue fills {filled_exact[(u, v)]}")

        by_status = collections.Counter(o["status"] for o in final_statuses.values())
        by_instance = collections.Counter(name for name, _ in acked.values())
        ok = (not pending and not stored_open and not any(dup.values()) and not mismatches
              and kill_takeover is not None and kill_takeover <= 10
              and pause_takeover is not None and pause_takeover <= 10)
        cmd = "bench/cluster-proof.py " + " ".join(sys.argv[1:])
        lines = [
            f"# Several instances as processes — {datetime.date.today()}",
            "",
            f"Command: `./mvnw -B -ntp -DskipTests package && {cmd.strip()}` (PostgreSQL {a.db_url.split('?')[0]}, "
            f"fresh schema `{schema}`; simulator `sim --port-base 0`, venues {', '.join(VENUES)}; three "
            f"`serve --cluster` JVMs; {len(USERS)} users; {a.workers} load threads, a pause of {a.pause} s between "
            f"one thread's signals, "
            f"round-robin over the live instances, {a.seconds} s).",
            "",
            f"Result: **{'PASS' if ok else 'FAIL'}**",
            "",
            "| check | result |",
            "| --- | --- |",
            f"| acknowledged orders (202) | {len(acked)} (through a: {by_instance['a']}, b: {by_instance['b']}, "
            f"c: {by_instance['c']}) |",
            f"| final after the load | {len(final_statuses)} of {len(acked)} within {settle_s:.1f} s "
            f"({', '.join(f'{k} {v}' for k, v in sorted(by_status.items()))}) |",
            f"| still not final | {len(pending)} {sorted(pending)[:5]} |",
            f"| every stored order (also those whose 202 was not received) | {stored_total}, not final: "
            f"{len(stored_open)} {stored_open[:5]} |",
            f"| orders at the venues | {placed} |",
            f"| client order ids placed twice | {sum(len(d) for d in dup.values())} {dup} |",
            f"| positions vs venue fills | {'equal for every user and venue' if not mismatches else mismatches[:5]} |",
            f"| takeover after kill -9 (c, {c_shards} shards) | "
            f"{f'{kill_takeover:.2f} s' if kill_takeover else 'not within 40 s'} |",
            f"| takeover after SIGSTOP (b, {b_shards} shards) | "
            f"{f'{pause_takeover:.2f} s' if pause_takeover else 'not within 40 s'} |",
            f"| signals refused / not answered | {dict(refused)} / {dict(lost)} |",
            "",
            "Timeline:",
            "",
        ] + [f"- {e}" for e in events] + [
            "",
            "Takeover is measured from the signal to the first `GET /api/v1/cluster` (polled every 100 ms through "
            "instance a) in which live instances hold all 64 shards and the stopped one none. Signals are sent only "
            "to instances believed up; a request that got no answer is not counted as acknowledged.",
        ]
        report = "\n".join(lines) + "\n"
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        with open(a.out, "w") as f:
            f.write(report)
        print(report)
        return 0 if ok else 1
    finally:
        for p in procs:
            try:
                p.send_signal(signal.SIGCONT)
                p.terminate()
            except OSError:
                pass
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
            subprocess.run(["psql", a.db_url.split("?")[0].replace("jdbc:", ""), "-U", "postgres", "-q", "-c",
                            f"DROP SCHEMA IF EXISTS {schema} CASCADE"], check=False)
        else:
            print("work dir:", work, "schema:", schema)


if __name__ == "__main__":
    sys.exit(main())
