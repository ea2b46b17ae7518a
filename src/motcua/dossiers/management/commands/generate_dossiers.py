"""Generate N realistic dossiers for benchmarks and load tests (bench/,
issue 6): ``python -m motcua generate_dossiers 1000000``.

Rows are written with ``bulk_create`` in batches, straight into the tables
(no actions, no messages, no audit entries: this is volume, not history),
spread over the handling units and procedures of the catalogue — the demo
catalogue is loaded first when the database has none — over the last
``--days`` days, over every state of the national status list with the
mix of a real one-stop office (most dossiers of past months returned,
recent ones still open, some overdue), over the four channels, with due
dates from each procedure's deadline and a ``--steps`` fraction of the
dossiers given their history (``DossierStep``).

Codes follow ``DOSSIER_CODE_FORMAT`` with the day's number, and the
``DossierSequence`` counters are moved past every number used, so codes
stay unique and a dossier submitted afterwards never reuses one. Never run
it on a production database: ``--yes`` is required when ``DEBUG`` is off.

Due dates are approximated (working days × 7/5 calendar days) rather than
computed with the holiday calendar per row: ``due_at_for`` per row would
make a million rows take hours and the queues only need a realistic spread.
"""

from __future__ import annotations

import enum
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from motcua.core.search import index_text
from motcua.dossiers import codes
from motcua.dossiers.constants import (
    LOOKUP_KEY_ALPHABET,
    LOOKUP_KEY_LENGTH,
    Channel,
    DeliveryMethod,
    DossierStatus,
)
from motcua.dossiers.models import Dossier, DossierSequence, DossierStep
from motcua.procedures.constants import DeadlineUnit
from motcua.procedures.models import ProcedureVersion

S = DossierStatus

# Share of each final state, for dossiers older than RECENT_DAYS and for
# recent ones (recent dossiers are mostly still being handled).
OLD_MIX = [
    (S.RETURNED, 78),
    (S.RESOLVED, 4),
    (S.REFUSED, 5),
    (S.WITHDRAWN, 3),
    (S.STOPPED, 1),
    (S.IN_PROGRESS, 5),
    (S.SUPPLEMENT_REQUESTED, 2),
    (S.PAYMENT_REQUESTED, 1),
    (S.RECEIVED, 1),
]
RECENT_MIX = [
    (S.SUBMITTED, 14),
    (S.RECEIVED, 12),
    (S.IN_PROGRESS, 30),
    (S.SUPPLEMENT_REQUESTED, 6),
    (S.PAYMENT_REQUESTED, 3),
    (S.RESOLVED, 10),
    (S.RETURNED, 18),
    (S.REFUSED, 4),
    (S.WITHDRAWN, 2),
    (S.STOPPED, 1),
]
RECENT_DAYS = 45
CHANNELS = [(Channel.ONLINE, 40), (Channel.DVCQG, 35), (Channel.COUNTER, 20), (Channel.POST, 5)]
# Share of resolved dossiers resolved after their due date.
LATE_SHARE = 0.08

# The states passed through on the way to each state (the happy path).
PATHS: dict[int, list[int]] = {
    S.SUBMITTED: [S.SUBMITTED],
    S.RECEIVED: [S.SUBMITTED, S.RECEIVED],
    S.REFUSED: [S.SUBMITTED, S.REFUSED],
    S.IN_PROGRESS: [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS],
    S.SUPPLEMENT_REQUESTED: [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.SUPPLEMENT_REQUESTED],
    S.PAYMENT_REQUESTED: [S.SUBMITTED, S.RECEIVED, S.PAYMENT_REQUESTED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
    S.STOPPED: [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.STOPPED],
    S.RESOLVED: [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.RESOLVED],
    S.RETURNED: [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.RESOLVED, S.RETURNED],
}
ACTIONS: dict[int, str] = {
    S.SUBMITTED: "submit",
    S.RECEIVED: "receive",
    S.REFUSED: "refuse",
    S.IN_PROGRESS: "assign",
    S.SUPPLEMENT_REQUESTED: "request_supplement",
    S.PAYMENT_REQUESTED: "request_payment",
    S.WITHDRAWN: "withdraw",
    S.STOPPED: "stop",
    S.RESOLVED: "resolve",
    S.RETURNED: "return_result",
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Đức", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
ORGS = ["Nhà thuốc", "Quầy thuốc", "Phòng khám đa khoa", "Công ty TNHH Dược phẩm", "Cơ sở mỹ phẩm"]


@dataclass(frozen=True)
class _Version:
    pk: int
    procedure_id: int
    procedure_name: str
    procedure_folded_name: str
    unit_id: int
    unit_code: str
    deadline: timedelta | None


def _deadline(version: ProcedureVersion) -> timedelta | None:
    if version.deadline_amount is None:
        return None
    amount = float(version.deadline_amount)
    if version.deadline_unit == DeadlineUnit.WORKING_HOURS:
        return timedelta(days=amount / 8 * 7 / 5)
    if version.deadline_unit == DeadlineUnit.WORKING_DAYS:
        return timedelta(days=amount * 7 / 5)
    return timedelta(days=amount)


def _pick(rng: random.Random, mix: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in mix], weights=[w for _v, w in mix])[0]


class _Inserter:
    """``INSERT … VALUES`` with ``executemany`` on the dossier table: the
    ORM's ``bulk_create`` spends most of its time building model instances
    and compiling SQL, ten times the cost of the insert itself. Columns
    not given take the field's default, adapted once."""

    def __init__(self) -> None:
        self.fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
        self.defaults = {}
        for f in self.fields:
            self.defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        self.datetimes = {f.attname for f in self.fields if isinstance(f, models.DateTimeField)}
        table = connection.ops.quote_name(Dossier._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Table and columns come from the model (quoted); values are parameters.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.adapt = connection.ops.adapt_datetimefield_value

    def insert(self, rows: list[dict[str, Any]]) -> None:
        names = [f.attname for f in self.fields]
        params = []
        for row in rows:
            values = []
            for name in names:
                if name in row:
                    value = row[name]
                    if isinstance(value, enum.Enum):  # drivers may dump an enum by name
                        value = value.value
                    elif value is not None and name in self.datetimes:
                        value = self.adapt(value)
                    values.append(value)
                else:
                    values.append(self.defaults[name])
            params.append(values)
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, params)


class Command(BaseCommand):
    help = "Generate N realistic dossiers (benchmarks; never on production data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, help="How many dossiers to add.")
        parser.add_argument("--days", type=int, default=730, help="Spread over this many days.")
        parser.add_argument(
            "--steps", type=float, default=0.05, help="Fraction of dossiers given their history."
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument(
            "--yes", action="store_true", help="Required when DEBUG is off: this is test data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if count < 0:
            raise CommandError("Số hồ sơ cần tạo phải từ 0 trở lên.")
        if not settings.DEBUG and not options["yes"]:
            raise CommandError(
                "Lệnh này thêm hồ sơ giả để thử nghiệm: chỉ chạy trên CSDL thử, kèm --yes (DEBUG đang tắt)."
            )
        rng = random.Random(options["seed"])
        versions = self._versions()
        started = time.monotonic()
        now = timezone.now()
        days = max(1, options["days"])
        batch_size = max(1, options["batch_size"])
        numbers: dict[tuple[str, date], int] = defaultdict(int)
        for prefix, last in DossierSequence.objects.values_list("prefix", "last_number"):
            unit_code, _sep, day = prefix.rpartition(":")
            try:
                numbers[(unit_code, datetime.strptime(day, "%Y%m%d").date())] = last
            except ValueError:
                continue
        if connection.vendor == "sqlite":
            # Keep the indexes in memory while they grow (256 MiB page cache,
            # this connection only).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        inserter = _Inserter()
        made = steps = 0
        while made < count:
            size = min(batch_size, count - made)
            rows, histories = [], {}
            for _ in range(size):
                row, history = self._row(rng, versions, numbers, now, days, options["steps"])
                rows.append(row)
                if history:
                    histories[row["code"]] = history
            with transaction.atomic():
                inserter.insert(rows)
                step_rows = []
                if histories:
                    ids = dict(
                        Dossier.objects.filter(code__in=list(histories)).values_list("code", "pk")
                    )
                    step_rows = [
                        DossierStep(
                            dossier_id=ids[code],
                            action=ACTIONS[to],
                            from_status=frm,
                            to_status=to,
                            created_at=at,
                        )
                        for code, history in histories.items()
                        for frm, to, at in history
                    ]
                    DossierStep.objects.bulk_create(step_rows)
            made += size
            steps += len(step_rows)
            if made % (batch_size * 50) == 0 or made == count:
                rate = made / max(time.monotonic() - started, 1e-6)
                self.stderr.write(f"{made}/{count} dossiers ({rate:,.0f}/s)")
        self._advance_sequences(numbers)
        if connection.vendor == "postgresql" and made:
            # Planner statistics, as autovacuum would gather them soon after a
            # load this size; without them PostgreSQL plans the queues for an
            # empty table (measured: 2.3 s instead of 60 ms per queue page).
            with connection.cursor() as cursor:
                for model in (Dossier, DossierStep, DossierSequence):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        elapsed = time.monotonic() - started
        self.stdout.write(f"{made} dossier(s) and {steps} step(s) generated in {elapsed:.1f} s")

    # ------------------------------------------------------------------
    def _versions(self) -> list[_Version]:
        """The published rules in force today, one per procedure; the demo
        catalogue is loaded when there is none."""
        qs = (
            ProcedureVersion.objects.filter(
                is_published=True, effective_from__lte=timezone.localdate()
            )
            .select_related("procedure", "procedure__unit")
            .order_by("procedure_id", "-effective_from", "-pk")
        )
        if not qs.exists():
            from motcua.org import demo as org_demo
            from motcua.procedures import demo as procedures_demo

            org_demo.load(self.stdout)
            procedures_demo.load(self.stdout)
        seen: set[int] = set()
        out = []
        for v in qs:
            if v.procedure_id in seen:
                continue
            seen.add(v.procedure_id)
            out.append(
                _Version(
                    v.pk,
                    v.procedure_id,
                    v.procedure.name,
                    index_text(v.procedure.name),
                    v.procedure.unit_id,
                    v.procedure.unit.code,
                    _deadline(v),
                )
            )
        if not out:
            raise CommandError("Chưa có thủ tục nào đã công bố để tạo hồ sơ mẫu.")
        return out

    def _row(
        self,
        rng: random.Random,
        versions: list[_Version],
        numbers: dict[tuple[str, date], int],
        now: datetime,
        days: int,
        steps_share: float,
    ) -> tuple[dict[str, Any], list[tuple[int | None, int, datetime]]]:
        v = rng.choice(versions)
        # Office hours, local time; older dossiers as likely as recent ones.
        age = timedelta(days=rng.random() * days)
        submitted = timezone.localtime(now - age).replace(
            hour=rng.randint(7, 16), minute=rng.randint(0, 59), second=rng.randint(0, 59)
        )
        if submitted > now:
            submitted -= timedelta(days=1)
        status = _pick(rng, OLD_MIX if age.days > RECENT_DAYS else RECENT_MIX)
        channel = _pick(rng, CHANNELS)
        day = submitted.date()
        numbers[(v.unit_code, day)] += 1
        code = codes.format_code(v.unit_code, day, numbers[(v.unit_code, day)])
        organisation = rng.random() < 0.25
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        org_name = (
            f"{rng.choice(ORGS)} {rng.choice(GIVEN)} {rng.randint(1, 999)}" if organisation else ""
        )
        tax_code = f"{rng.randint(10**9, 10**10 - 1)}" if organisation else ""
        path = PATHS[status]
        times: dict[int, datetime] = {S.SUBMITTED: submitted}
        received = due = resolved = returned = closed = None
        at = submitted
        deadline = v.deadline or timedelta(days=14)
        if S.RECEIVED in path:
            received = min(submitted + timedelta(hours=rng.uniform(0.2, 30)), now)
            due = received + deadline
            at = received
            times[S.RECEIVED] = received
        if S.IN_PROGRESS in path:
            at = min(at + timedelta(hours=rng.uniform(0.5, 24)), now)
            times[S.IN_PROGRESS] = at
        if S.RESOLVED in path and due is not None and received is not None:
            span = (due - received).total_seconds()
            share = rng.uniform(1.0, 1.6) if rng.random() < LATE_SHARE else rng.uniform(0.15, 0.98)
            resolved = min(received + timedelta(seconds=span * share), now)
            times[S.RESOLVED] = resolved
        if S.RETURNED in path and resolved is not None:
            returned = min(resolved + timedelta(hours=rng.uniform(1, 96)), now)
            times[S.RETURNED] = returned
        if status in (
            S.REFUSED,
            S.WITHDRAWN,
            S.STOPPED,
            S.SUPPLEMENT_REQUESTED,
            S.PAYMENT_REQUESTED,
        ):
            closed_at = min(at + timedelta(hours=rng.uniform(1, 72)), now)
            times[status] = closed_at
            if status in (S.REFUSED, S.WITHDRAWN, S.STOPPED):
                closed = closed_at
        paused = times[status] if status == S.SUPPLEMENT_REQUESTED else None
        row = dict(
            code=code,
            lookup_key="".join(rng.choices(LOOKUP_KEY_ALPHABET, k=LOOKUP_KEY_LENGTH)),
            status=status,
            resume_status=S.IN_PROGRESS
            if status == S.SUPPLEMENT_REQUESTED
            else (S.RECEIVED if status == S.PAYMENT_REQUESTED else None),
            channel=channel,
            procedure_id=v.procedure_id,
            procedure_version_id=v.pk,
            procedure_name=v.procedure_name,
            unit_id=v.unit_id,
            applicant_kind="organisation" if organisation else "person",
            applicant_name=name,
            applicant_id_number=f"0{rng.randint(10**10, 10**11 - 1)}",
            organisation_name=org_name,
            tax_code=tax_code,
            applicant_phone=f"+849{rng.randint(10**7, 10**8 - 1)}",
            delivery_method=DeliveryMethod.POST if rng.random() < 0.15 else DeliveryMethod.COUNTER,
            external_id=f"GEN-{code}" if channel == Channel.DVCQG else None,
            submitted_at=submitted,
            received_at=received,
            due_at=due,
            paused_at=paused,
            resolved_at=resolved,
            returned_at=returned,
            closed_at=closed,
            # The folded procedure name is computed once per procedure.
            search_text=index_text(code, name, org_name, tax_code)
            + v.procedure_folded_name.lstrip(),
            created_at=submitted,
            updated_at=max(t for t in times.values()),
        )
        history: list[tuple[int | None, int, datetime]] = []
        if rng.random() < steps_share:
            previous: int | None = None
            for state in path:
                history.append((previous, state, times.get(state, at)))
                previous = state
        return row, history

    def _advance_sequences(self, numbers: dict[tuple[str, date], int]) -> None:
        """Move each day's counter past the numbers used (never back)."""
        existing = dict(DossierSequence.objects.values_list("prefix", "last_number"))
        new, changed = [], []
        for (unit_code, day), last in numbers.items():
            prefix = codes.sequence_prefix(unit_code, day)
            if prefix not in existing:
                new.append(DossierSequence(prefix=prefix, last_number=last))
            elif existing[prefix] < last:
                changed.append((prefix, last))
        with transaction.atomic():
            DossierSequence.objects.bulk_create(new, batch_size=2000)
            for prefix, last in changed:
                DossierSequence.objects.filter(prefix=prefix, last_number__lt=last).update(
                    last_number=last
                )
