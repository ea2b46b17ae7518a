"""The transition table (dossiers/constants.py) against the national status
list and the rules DESIGN.md §4 states."""

from __future__ import annotations

from motcua.dossiers.constants import (
    CITIZEN,
    OPEN_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    DossierStatus,
    allowed_targets,
    transition_for,
)


def test_status_values_are_the_national_codes():
    # domain-vn.md §4.4: 1 Mới đăng ký … 10 Đã trả kết quả; 0 is our draft.
    assert [s.value for s in DossierStatus] == list(range(11))
    assert DossierStatus.SUBMITTED == 1
    assert DossierStatus.PAYMENT_REQUESTED == 6
    assert DossierStatus.RETURNED == 10


def test_terminal_states_have_no_way_out():
    for state in TERMINAL_STATES:
        assert allowed_targets(state) == [], state


def test_every_open_state_can_still_end():
    # No open dossier is stuck: each open state has at least one move.
    for state in OPEN_STATES:
        assert allowed_targets(state), state


def test_every_state_but_draft_is_reachable():
    reachable = {to for (_frm, to) in TRANSITIONS}
    assert reachable == set(DossierStatus) - {DossierStatus.DRAFT}


def test_the_citizen_submits_but_never_receives_or_resolves():
    assert CITIZEN in transition_for(DossierStatus.DRAFT, DossierStatus.SUBMITTED).actors
    for (frm, to), move in TRANSITIONS.items():
        staff_only = (DossierStatus.RECEIVED, DossierStatus.RESOLVED, DossierStatus.RETURNED)
        if to in staff_only and frm != DossierStatus.SUPPLEMENT_REQUESTED:
            assert CITIZEN not in move.actors, (frm, to)


def test_a_result_can_be_returned_only_once_resolved():
    sources = {frm for (frm, to) in TRANSITIONS if to == DossierStatus.RETURNED}
    assert sources == {DossierStatus.RESOLVED}


def test_unknown_moves_are_not_in_the_table():
    assert transition_for(DossierStatus.DRAFT, DossierStatus.RETURNED) is None
    assert transition_for(DossierStatus.REFUSED, DossierStatus.RECEIVED) is None
