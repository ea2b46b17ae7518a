"""Factories for the procedure catalogue (owned by the procedures app).

Usage (stable API — the dossier tests rely on it)::

    from motcua.procedures.constants import DeadlineUnit, OnlineLevel
    from motcua.testing.procedure_factories import ProcedureFactory

    proc = ProcedureFactory()                        # online (toàn trình), 2 required documents,
                                                     # one 500 000 ₫ fee line, 20 ngày, published today
    proc = ProcedureFactory(unit=org.pharmacy, code="1.014076", name="Cấp giấy chứng nhận …")
    proc = ProcedureFactory(online=False)            # in person / by post only
    proc = ProcedureFactory(online=OnlineLevel.PARTIAL)
    proc = ProcedureFactory(documents=3)             # 3 required documents
    proc = ProcedureFactory(documents=["Đơn đề nghị", ("Ảnh 4x6", False)])  # (name, is_required)
    proc = ProcedureFactory(fee=None)                # fees "chưa công bố" (FeeStatus.UNPUBLISHED)
    proc = ProcedureFactory(fee=0)                   # free (FeeStatus.FREE)
    proc = ProcedureFactory(fee=[("Phí thẩm định", 500_000), ("Lệ phí", 100_000)])
    proc = ProcedureFactory(deadline=(3, DeadlineUnit.WORKING_DAYS))
    proc = ProcedureFactory(deadline=None)           # deadline "chưa công bố"
    proc = ProcedureFactory(published=False)         # only an unpublished draft version
    proc = ProcedureFactory(delivers_by_post=False, accepts_post_submission=False)

    version = proc.current_version                   # the version the factory made (also
                                                     # what ``proc.version_at()`` returns when published)
    docs = list(version.documents.all())             # RequiredDocument rows, in order

``unit`` defaults to a new room unit (``UnitFactory``); ``field`` defaults to the
"Dược" field (created once). ``effective_from`` defaults to today (local date).
``ProcedureVersionFactory(procedure, …)`` adds another version with the same keywords
(``effective_from``, ``documents``, ``fee``, ``deadline``, ``published``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from motcua.procedures.constants import (
    CopyType,
    DeadlineUnit,
    FeeStatus,
    OnlineLevel,
)
from motcua.procedures.models import (
    FeeLine,
    Procedure,
    ProcedureField,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
)

_counter = itertools.count(1)

DEFAULT_DOCUMENT_NAMES = [
    "Đơn đề nghị theo mẫu",
    "Bản sao có chứng thực văn bằng chuyên môn",
    "Giấy chứng nhận đủ sức khỏe",
    "Giấy xác nhận thời gian thực hành",
    "Hai ảnh chân dung 4x6",
]

FeeSpec = int | None | Sequence[tuple[str, int]]
DocSpec = int | Sequence[str | tuple[str, bool]]


def make_field(code: str = "duoc", name: str = "Dược", position: int = 1) -> ProcedureField:
    """A field (lĩnh vực), created once per code."""
    field, _ = ProcedureField.objects.get_or_create(
        code=code, defaults={"name": name, "position": position}
    )
    return field


def _online_level(online: bool | str) -> str:
    if online is True:
        return OnlineLevel.FULL
    if online is False:
        return OnlineLevel.OFFLINE
    return OnlineLevel(online)


def _add_documents(version: ProcedureVersion, documents: DocSpec) -> None:
    if isinstance(documents, int):
        specs: list[tuple[str, bool]] = [
            (
                DEFAULT_DOCUMENT_NAMES[i]
                if i < len(DEFAULT_DOCUMENT_NAMES)
                else f"Giấy tờ số {i + 1}",
                True,
            )
            for i in range(documents)
        ]
    else:
        specs = [(d, True) if isinstance(d, str) else (d[0], d[1]) for d in documents]
    RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                version=version,
                position=i,
                name=name,
                is_required=required,
                copy_type=CopyType.ORIGINAL if i == 0 else CopyType.CERTIFIED_COPY,
                quantity=1,
            )
            for i, (name, required) in enumerate(specs)
        ]
    )


def _apply_fee(version: ProcedureVersion, fee: FeeSpec) -> None:
    if fee is None:
        version.fee_status = FeeStatus.UNPUBLISHED
        return
    if isinstance(fee, int):
        if fee == 0:
            version.fee_status = FeeStatus.FREE
            return
        lines = [("Phí thẩm định hồ sơ", fee)]
    else:
        lines = list(fee)
    version.fee_status = FeeStatus.CHARGED
    FeeLine.objects.bulk_create(
        [FeeLine(version=version, position=i, name=n, amount=a) for i, (n, a) in enumerate(lines)]
    )


def ProcedureVersionFactory(
    procedure: Procedure,
    *,
    effective_from: date | None = None,
    published: bool = True,
    documents: DocSpec = 2,
    fee: FeeSpec = 500_000,
    deadline: tuple[int | float, str] | None = (20, DeadlineUnit.DAYS),
    delivers_by_post: bool = True,
    accepts_post_submission: bool = True,
    steps: int = 3,
    **fields: Any,
) -> ProcedureVersion:
    """A version of ``procedure`` with fee lines, documents and steps."""
    version = ProcedureVersion(
        procedure=procedure,
        effective_from=effective_from or timezone.localdate(),
        is_published=published,
        delivers_by_post=delivers_by_post,
        accepts_post_submission=accepts_post_submission,
        result_type=fields.pop("result_type", "Giấy chứng nhận"),
        legal_basis=fields.pop("legal_basis", "Luật Dược số 105/2016/QH13."),
        in_person_note=fields.pop(
            "in_person_note", "Nộp tại Bộ phận Một cửa Sở Y tế, giờ hành chính các ngày làm việc."
        ),
        **fields,
    )
    if deadline is not None:
        version.deadline_amount = deadline[0]  # type: ignore[assignment]
        version.deadline_unit = DeadlineUnit(deadline[1])
    version.save()
    _apply_fee(version, fee)
    version.save(update_fields=["fee_status"])
    _add_documents(version, documents)
    shares = {1: [100], 2: [20, 80], 3: [10, 70, 20]}.get(steps, [100 // max(steps, 1)] * steps)
    ProcessingStep.objects.bulk_create(
        [
            ProcessingStep(
                version=version, position=i, name=f"Bước {i + 1}", share_percent=shares[i]
            )
            for i in range(steps)
        ]
    )
    return version


def ProcedureFactory(
    *,
    online: bool | str = True,
    documents: DocSpec = 2,
    fee: FeeSpec = 500_000,
    deadline: tuple[int | float, str] | None = (20, DeadlineUnit.DAYS),
    published: bool = True,
    effective_from: date | None = None,
    unit: Any = None,
    field: ProcedureField | None = None,
    code: str | None = None,
    name: str | None = None,
    is_active: bool = True,
    **version_fields: Any,
) -> Procedure:
    """A catalogue procedure with one version (see the module docstring).

    The version is available as ``procedure.current_version``."""
    from motcua.testing.factories import UnitFactory

    n = next(_counter)
    procedure = Procedure(
        code=code or f"9.{n:06d}",
        name=name or f"Cấp chứng chỉ thử nghiệm số {n}",
        field=field or make_field(),
        unit=unit or UnitFactory(),
        online_level=_online_level(online),
        is_active=is_active,
    )
    procedure.search_text = procedure.build_search_text()
    procedure.save()
    procedure.current_version = ProcedureVersionFactory(  # type: ignore[attr-defined]
        procedure,
        effective_from=effective_from,
        published=published,
        documents=documents,
        fee=fee,
        deadline=deadline,
        **version_fields,
    )
    return procedure
