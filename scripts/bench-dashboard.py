#!/usr/bin/env python3
"""What serving the dashboard to many open browsers costs schedd (docs/PERFORMANCE.md, "dashboard").

Starts a schedd with the web port, the demo accounts (seeds/centre.json), NODES simulated DGX H100 nodes (`nodeagent
simulate`) and a job array that fills them and leaves a deep queue; logs BROWSERS browsers in through the login form
(each keeps its session cookie) and has each fetch its open page every INTERVAL seconds, as the dashboard's live
refresh does: a quarter the centre page (with the queue over time) and a quarter the queue page as the user, a
quarter scheme aisp's page as a funder's viewer token (budgets, burn-down series, fair share, top users), a quarter
the fair-share tree as an admin. schedd's CPU time (utime + stime from /proc) is measured over the same window once without the
browsers and once with them; the difference, over the window, is the dashboard's share of one core.

    scripts/bench-dashboard.py [--bin .build/release] [--browsers 50] [--nodes 200] [--jobs 5000]
                               [--interval 15] [--seconds 120]
"""
import argparse, http.cookiejar, os, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def wait_file(path, seconds=30):
    for _ in range(seconds * 10):
        if os.path.exists(path) and open(path).read().endswith("\n"):
            return open(path).read().strip()
        time.sleep(0.1)
    sys.exit(f"{path} never appeared")

def main():
    a = argparse.ArgumentParser()
    a.add_argument("--bin", default=".build/release")
    a.add_argument("--browsers", type=int, default=50)
    a.add_argument("--nodes", type=int, default=200)
    a.add_argument("--jobs", type=int, default=5000)
    a.add_argument("--interval", type=float, default=15)
    a.add_argument("--seconds", type=float, default=120)
    o = a.parse_args()
    work = tempfile.mkdtemp(prefix="aisched-bench-dashboard-")
    state, tokens = f"{work}/state", f"{work}/tokens"
    os.makedirs(tokens)
    procs = []
    try:
        subprocess.check_call([f"{o.bin}/schedd", "accounts", "import", "--state-dir", state, "--file", "seeds/centre.json",
                               "--add-member", "alice:demo-lab"], stdout=subprocess.DEVNULL)
        schedd = subprocess.Popen([f"{o.bin}/schedd", "--state-dir", state, "--listen", "127.0.0.1:0", "--http-port", "0"],
                                  stdout=open(f"{work}/schedd.log", "w"), stderr=subprocess.STDOUT)
        procs.append(schedd)
        server = wait_file(f"{state}/schedd.addr")
        web = "http://" + wait_file(f"{state}/http.addr")
        def token(user, role, schemes=None):
            return subprocess.check_output([f"{o.bin}/schedd", "token", "issue", "--state-dir", state, "--user", user,
                                            "--role", role] + (["--schemes", schemes] if schemes else []), text=True).strip()
        for i in range(1, o.nodes + 1):
            open(f"{tokens}/sim-{i:04d}.token", "w").write(token(f"sim-{i:04d}", "node"))
        procs.append(subprocess.Popen([f"{o.bin}/nodeagent", "simulate", "--nodes", str(o.nodes), "--topology",
                                       "seeds/topologies/dgx-h100.json", "--server", server, "--token-dir", tokens],
                                      stdout=open(f"{work}/agents.log", "w"), stderr=subprocess.STDOUT))
        user = token("alice", "user")
        logins = [(user, "/"), (user, "/queue"), (token("itf-auditor", "viewer", "aisp"), "/schemes/aisp"),
                  (token("ops", "admin"), "/fairshare")]
        env = dict(os.environ, AISCHED_SERVER=server, AISCHED_TOKEN=user)
        time.sleep(5)
        subprocess.check_call([f"{o.bin}/aisubmit", "submit", "--array", f"1-{o.jobs}", "--gpus-per-node", "8",
                               "--time", "60", "--", "sleep", "3600"], env=env, stdout=subprocess.DEVNULL)
        time.sleep(10)  # the first cycles place what fits

        def window():
            before = cpu_seconds(schedd.pid)
            time.sleep(o.seconds)
            return cpu_seconds(schedd.pid) - before

        idle = window()
        stop = threading.Event()
        fetches, failures = [0], [0]
        lock = threading.Lock()
        def browser(n):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            login, path = logins[n % len(logins)]
            body = urllib.parse.urlencode({"token": login}).encode()
            opener.open(urllib.request.Request(web + "/login", data=body, headers={"Origin": web})).read()
            page = web + path
            time.sleep(o.interval * n / o.browsers)  # browsers opened at different moments
            while not stop.is_set():
                try:
                    opener.open(page).read()
                    with lock: fetches[0] += 1
                except Exception:
                    with lock: failures[0] += 1
                stop.wait(o.interval)
        threads = [threading.Thread(target=browser, args=(n,), daemon=True) for n in range(o.browsers)]
        for t in threads: t.start()
        time.sleep(o.interval)  # every browser has fetched once
        served = window()
        stop.set()
        share = (served - idle) / o.seconds * 100
        print(f"{o.browsers} browsers every {o.interval:g} s, {o.nodes} nodes, {o.jobs} jobs: schedd used "
              f"{idle:.2f} s of CPU in {o.seconds:g} s without them and {served:.2f} s with them: "
              f"{share:.2f} % of one core for the dashboard ({fetches[0]} pages, {failures[0]} failed)")
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait()

if __name__ == "__main__":
    main()
