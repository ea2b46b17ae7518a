"""Survey indices over millions of responses. Prints figures; asserts nothing.

For SQLite (the embedded default) and, when ``DATABASE_URL`` names a
PostgreSQL server, PostgreSQL:

1. A database with ``--responses`` responses (default 2,000,000) to the
   Ministry of Health outpatient form (Mẫu 2: 31 Likert items, G1, G2),
   spread over one campaign per demo unit and over the year 2026, made by
   ``surveys.generate.generate_responses`` (about 33 answers per response:
   2,000,000 responses are ~66 million answer rows; on SQLite start with
   ``--responses 200000``). SQLite: a file under ``--dir`` (default
   /tmp/motcua-bench-surveys), kept and reused (``--fresh`` starts again).
   PostgreSQL: the database of ``DATABASE_URL`` is used as it is when it
   holds enough responses, otherwise it must be a throwaway one (``--yes``).
2. In a child process on that database: the time to compute a quarter's
   indices for all units — ``selectors.unit_table`` (overall figures,
   comprehensive rate, margins, ranks) plus ``selectors.question_figures``
   per unit and item — and, for the scale, ``selectors.summary`` of the
   whole Department.
3. Each figure is the median of ``--repeat`` runs after a warm-up, printed
   beside a plain SQL aggregate over the same rows
   (``SELECT unit_id, question_id, count(*), avg(value) FROM surveys_answer
   WHERE answered_on BETWEEN … GROUP BY unit_id, question_id``) as a ratio.

Results also go to bench/out/survey_indices.json.
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
SLOW_SECONDS = 20.0
YEAR = 2026


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
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(args[1:]), flush=True)
    subprocess.run(args, env=env, cwd=ROOT, check=True)


# ============================================================ child process
def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def _units() -> list[Any]:
    """Every demo unit below the Department (rooms, hospitals, centres…)."""
    import io

    from motcua.org import demo
    from motcua.org.models import Unit

    if not Unit.objects.filter(code="SYT").exists():
        demo.load(io.StringIO())
    department = Unit.objects.get(code="SYT")
    return list(Unit.objects.filter(path__startswith=department.path).order_by("path"))


def generate(total: int, yes: bool) -> None:
    """Top the responses up to ``total``, split evenly over the units."""
    _django()
    from datetime import date

    from django.db import connection

    from motcua.surveys.constants import CampaignStatus
    from motcua.surveys.generate import generate_responses
    from motcua.surveys.models import Campaign, Response
    from motcua.surveys.standard import MOH_OUTPATIENT_CODE, standard_version

    have = Response.objects.count()
    if have >= total:
        print(f"[{connection.vendor}] reusing {have:,} responses")
        return
    if have and connection.vendor == "postgresql" and not yes:
        raise SystemExit(f"the database has {have} responses; pass --yes to add more")
    version = standard_version(MOH_OUTPATIENT_CODE)
    units = _units()
    started = time.monotonic()
    missing = total - have
    per_unit, extra = divmod(missing, len(units))
    answers = 0
    for i, unit in enumerate(units):
        campaign, _ = Campaign.objects.get_or_create(
            slug=f"bench-{unit.code.lower()}",
            defaults={
                "title": f"Khảo sát người bệnh ngoại trú — {unit.name}",
                "version": version,
                "unit": unit,
                "starts_on": date(YEAR, 1, 1),
                "ends_on": date(YEAR, 12, 31),
                "status": CampaignStatus.OPEN,
            },
        )
        n = per_unit + (1 if i < extra else 0)
        weak = ["B6", "B7"] if i % 3 == 0 else ["C4"]
        answers += generate_responses(campaign, n, seed=have + i, weak_items=weak, batch=10000)
        print(f"  {unit.code}: {n:,} responses ({time.monotonic() - started:.0f} s)", flush=True)
    seconds = time.monotonic() - started
    print(
        f"[{connection.vendor}] generated {missing:,} responses, {answers:,} answers "
        f"in {seconds:.0f} s ({missing / seconds:,.0f} responses/s)"
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE surveys_answer")
            cursor.execute("ANALYZE surveys_response")


def _median(fn: Any, repeat: int) -> tuple[float, Any, int]:
    """Median of ``repeat`` runs after a warm-up (cold caches are not
    measured); a computation slower than SLOW_SECONDS is measured once."""
    started = time.perf_counter()
    result = fn()  # warm-up
    first = time.perf_counter() - started
    runs = 1 if first > SLOW_SECONDS else repeat
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return stats.median(times), result, runs


def measure(repeat: int) -> dict[str, Any]:
    _django()
    from datetime import date

    from django.db import connection

    from motcua.surveys import selectors
    from motcua.surveys.models import Answer, Response, SurveyTemplate
    from motcua.surveys.standard import MOH_OUTPATIENT_CODE

    template = SurveyTemplate.objects.get(code=MOH_OUTPATIENT_CODE)
    units = _units()
    start, end = date(YEAR, 4, 1), date(YEAR, 6, 30)
    table = connection.ops.quote_name(Answer._meta.db_table)

    def plain() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT unit_id, question_id, COUNT(*), AVG(value) FROM {table} "  # noqa: S608
                "WHERE answered_on BETWEEN %s AND %s GROUP BY unit_id, question_id",
                [start, end],
            )
            return len(cursor.fetchall())

    baseline, groups, _ = _median(plain, repeat)
    results: dict[str, Any] = {
        "vendor": connection.vendor,
        "responses": Response.objects.count(),
        "answers_in_period": Answer.objects.filter(answered_on__range=(start, end)).count(),
        "units": len(units),
        "period": f"{start:%d/%m/%Y}–{end:%d/%m/%Y}",
        "plain_seconds": baseline,
        "plain_groups": groups,
        "measures": [],
    }

    def all_units() -> int:
        rows = selectors.unit_table(template=template, units=units, start=start, end=end)
        items = selectors.question_figures(
            template=template, units=units, start=start, end=end, by_unit=True
        )
        return len(rows) + len(items)

    cases = [
        (
            "unit_table + question_figures(by_unit)",
            all_units,
        ),
        (
            "unit_table alone",
            lambda: len(selectors.unit_table(template=template, units=units, start=start, end=end)),
        ),
        (
            "question_figures(by_unit) alone",
            lambda: len(
                selectors.question_figures(
                    template=template, units=units, start=start, end=end, by_unit=True
                )
            ),
        ),
        (
            "summary, whole Department",
            lambda: selectors.summary(template=template, units=units, start=start, end=end).rate,
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
                "result": str(result),
            }
        )
    return results


def child() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    print("RESULT " + json.dumps(measure(repeat)))


# ================================================================== main
def report(results: dict[str, Any]) -> None:
    print(
        f"\n[{results['vendor']}] {results['responses']:,} responses; period "
        f"{results['period']}: {results['answers_in_period']:,} answers, {results['units']} units"
    )
    print(
        f"  plain GROUP BY unit, question: {results['plain_seconds'] * 1000:.0f} ms "
        f"({results['plain_groups']} groups)"
    )
    print(f"  {'what':45} {'median':>11} {'× plain':>9} {'runs':>5}")
    for m in results["measures"]:
        print(f"  {m['what']:45} {m['seconds'] * 1000:9.0f} ms {m['ratio']:8.2f}× {m['runs']:5d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=2_000_000)
    parser.add_argument(
        "--dir",
        default="/tmp/motcua-bench-surveys",  # noqa: S108 (a throwaway, reused by later runs)
        help="SQLite databases here.",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="Generate the SQLite file again.")
    parser.add_argument("--skip-pg", action="store_true", help="SQLite only.")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only.")
    parser.add_argument("--yes", action="store_true", help="Add responses to DATABASE_URL.")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        return generate(args.generate, args.yes)
    if args.child:
        return child()

    targets = []
    if not args.skip_sqlite:
        var_dir = Path(args.dir) / f"sqlite-{args.responses}"
        db = var_dir / "surveys.sqlite3"
        if args.fresh and db.exists():
            for path in var_dir.glob("surveys.sqlite3*"):
                path.unlink()
        targets.append(("sqlite", f"sqlite:///{db}", var_dir))
    pg_url = os.environ.get("DATABASE_URL", "")
    if pg_url.startswith(("postgres://", "postgresql://")) and not args.skip_pg:
        targets.append(("postgresql", pg_url, Path(args.dir) / "pg"))
    all_results = []
    for name, url, var_dir in targets:
        var_dir.mkdir(parents=True, exist_ok=True)
        env = _env(url, var_dir)
        _run([PY, "-m", "motcua", "migrate", "-v0"], env)
        gen = [PY, str(Path(__file__).resolve()), "--generate", str(args.responses)]
        _run([*gen, "--yes"] if args.yes else gen, env)
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
    (OUT_DIR / "survey_indices.json").write_text(json.dumps(all_results, indent=2) + "\n")


if __name__ == "__main__":
    main()
