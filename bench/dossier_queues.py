"""The back office with a million dossiers. Prints figures; asserts nothing.

For SQLite (the embedded default) and, when ``DATABASE_URL`` names a
PostgreSQL server, PostgreSQL:

1. A database with ``--n`` dossiers (default 1,000,000) made by ``python -m
   motcua generate_dossiers`` over the demo catalogue. SQLite: a file under
   ``--dir`` (default /tmp/motcua-bench-queues), kept and reused by later
   runs (generation takes minutes; ``--fresh`` starts again). PostgreSQL:
   the database of ``DATABASE_URL`` is used as it is when it holds ``--n``
   dossiers already, otherwise it must be a throwaway one (``--yes``).
2. In a child process on that database, as a reception officer of the
   whole Department (every dossier is in their scope) signed in through the
   Django test client: the time to render the staff queue page
   ``/can-bo/ho-so/`` (default tab, "all", "overdue", a search), and to
   compute the period statistics (``dossiers.statistics.statistics`` for
   the current quarter and the last twelve months).
3. Each figure is the median of ``--repeat`` runs after a warm-up, printed
   beside a plain ``SELECT COUNT(*)`` over the dossier table (same
   database, same process) as a ratio: how many full-table counts one page
   view or one statistics computation costs.

Results also go to bench/out/dossier_queues.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics as stats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
PY = sys.executable
SLOW_SECONDS = 5.0


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = os.environ.copy()
    for name in ("MOTCUA_TESTING", "DJANGO_SETTINGS_MODULE", "TASK_BACKEND", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": database_url,
            "MOTCUA_VAR_DIR": str(var_dir),
            "DEBUG": "0",
            "HTTPS": "0",
            "STAFF_MFA_REQUIRED": "0",
            "ALLOWED_HOSTS": "testserver,localhost",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(args[1:]), flush=True)
    subprocess.run(args, env=env, cwd=ROOT, check=True)


def _count(env: dict[str, str]) -> int:
    out = subprocess.run(
        [PY, str(Path(__file__).resolve()), "--count-only"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def prepare(
    name: str, database_url: str, var_dir: Path, n: int, args: argparse.Namespace
) -> dict[str, str]:
    """Migrate, then top the dossiers up to ``n``."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _env(database_url, var_dir)
    _run([PY, "-m", "motcua", "migrate", "-v0"], env)
    if not any(var_dir.glob("static/staticfiles.json")):
        _run([PY, "-m", "motcua", "collectstatic", "--noinput", "-v0"], env)
    have = _count(env)
    if have < n:
        if have and name == "postgresql" and not args.yes:
            raise SystemExit(f"{database_url} has {have} dossiers; pass --yes to add more")
        started = time.monotonic()
        _run(
            [PY, "-m", "motcua", "generate_dossiers", str(n - have), "--yes", "--seed", "6"],
            env,
        )
        print(f"[{name}] generated {n - have} dossiers in {time.monotonic() - started:.0f} s")
    else:
        print(f"[{name}] reusing {have} dossiers")
    return env


# ============================================================ child process
def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def count_only() -> None:
    _django()
    from motcua.dossiers.models import Dossier

    print(Dossier.objects.count())


def _median(fn: Any, repeat: int) -> tuple[float, Any, int]:
    """Median of ``repeat`` runs after a warm-up; a computation slower than
    SLOW_SECONDS is run once and that run reported (a million rows on a
    shared machine: minutes otherwise)."""
    started = time.perf_counter()
    result = fn()  # warm-up: caches, the first query plan
    first = time.perf_counter() - started
    if first > SLOW_SECONDS:
        return first, result, 1
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return stats.median(times), result, repeat


def measure(repeat: int) -> dict[str, Any]:
    _django()
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.dossiers import statistics as dossier_stats
    from motcua.dossiers.models import Dossier
    from motcua.org.constants import Role
    from motcua.org.models import Membership, Unit

    # The Bộ phận Một cửa receives for the whole Department: the widest
    # scope, so the busiest queue.
    department = (
        Unit.objects.filter(code="SYT").first() or Unit.objects.order_by("depth", "pk").first()
    )
    user, _created = User.objects.get_or_create(
        email="bench-reception@motcua.test", defaults={"full_name": "Cán bộ một cửa (bench)"}
    )
    Membership.objects.get_or_create(user=user, unit=department, role=Role.RECEPTION)
    client = Client()
    client.force_login(user)
    table = connection.ops.quote_name(Dossier._meta.db_table)

    def plain_count() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (quoted model table)
            return int(cursor.fetchone()[0])

    baseline, total, _runs = _median(plain_count, repeat)
    results: dict[str, Any] = {
        "vendor": connection.vendor,
        "dossiers": total,
        "scope": department.code,
        "count_seconds": baseline,
        "measures": [],
    }

    def page(path: str) -> Any:
        def get() -> int:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
            return len(response.content)

        return get

    today = timezone.localdate()
    quarter = dossier_stats.default_period(today)
    year = (today - timedelta(days=365), today)
    sample = (
        Dossier.objects.order_by("-pk").values_list("applicant_name", flat=True).first() or "An"
    )
    cases = [
        ("page /can-bo/ho-so/ (default tab)", page("/can-bo/ho-so/")),
        ("page /can-bo/ho-so/?hang=all", page("/can-bo/ho-so/?hang=all")),
        ("page /can-bo/ho-so/?hang=all&page=50", page("/can-bo/ho-so/?hang=all&page=50")),
        ("page /can-bo/ho-so/?hang=overdue", page("/can-bo/ho-so/?hang=overdue")),
        (
            f"page search q={sample.split()[-1]}",
            page(f"/can-bo/ho-so/?hang=all&q={sample.split()[-1]}"),
        ),
        (
            f"statistics {quarter[0]:%d/%m/%Y}–{quarter[1]:%d/%m/%Y}",
            lambda: dossier_stats.statistics(*quarter).total.received,
        ),
        (
            f"statistics {year[0]:%d/%m/%Y}–{year[1]:%d/%m/%Y}",
            lambda: dossier_stats.statistics(*year).total.received,
        ),
    ]
    for label, fn in cases:
        seconds, result, runs = _median(fn, repeat)
        results["measures"].append(
            {
                "what": label,
                "seconds": seconds,
                "ratio": seconds / baseline,
                "runs": runs,
                "result": result,
            }
        )
    return results


def child() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    print("RESULT " + json.dumps(measure(repeat)))


# ================================================================== main
def report(results: dict[str, Any]) -> None:
    print(
        f"\n[{results['vendor']}] {results['dossiers']:,} dossiers, scope {results['scope']}; "
        f"SELECT COUNT(*) = {results['count_seconds'] * 1000:.2f} ms"
    )
    print(f"  {'what':50} {'median':>11} {'× COUNT(*)':>11} {'runs':>5}")
    for m in results["measures"]:
        print(f"  {m['what']:50} {m['seconds'] * 1000:9.1f} ms {m['ratio']:10.1f}× {m['runs']:5d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="Dossiers in the database.")
    parser.add_argument(
        "--dir",
        default="/tmp/motcua-bench-queues",  # noqa: S108 (a throwaway, reused by later runs)
        help="SQLite databases here.",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="Generate the SQLite file again.")
    parser.add_argument("--skip-pg", action="store_true", help="SQLite only.")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only.")
    parser.add_argument("--yes", action="store_true", help="Add dossiers to DATABASE_URL.")
    parser.add_argument("--count-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_only:
        return count_only()
    if args.child:
        return child()

    targets = []
    if not args.skip_sqlite:
        var_dir = Path(args.dir) / f"sqlite-{args.n}"
        db = var_dir / "dossiers.sqlite3"
        if args.fresh and db.exists():
            for path in var_dir.glob("dossiers.sqlite3*"):
                path.unlink()
        targets.append(("sqlite", f"sqlite:///{db}", var_dir))
    pg_url = os.environ.get("DATABASE_URL", "")
    if pg_url.startswith(("postgres://", "postgresql://")) and not args.skip_pg:
        targets.append(("postgresql", pg_url, Path(args.dir) / "pg"))
    all_results = []
    for name, url, var_dir in targets:
        env = prepare(name, url, var_dir, args.n, args)
        env["BENCH_REPEAT"] = str(args.repeat)
        out = subprocess.run(
            [PY, str(Path(__file__).resolve()), "--child"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
            raise SystemExit(f"[{name}] measurement failed")
        line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")][-1]
        results = json.loads(line.removeprefix("RESULT "))
        report(results)
        all_results.append(results)
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "dossier_queues.json").write_text(json.dumps(all_results, indent=2) + "\n")


if __name__ == "__main__":
    main()
