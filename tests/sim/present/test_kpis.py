"""A tile's short wording fits the 11 cells a tile has at 80 columns, and says the same."""

from __future__ import annotations

from sim.present.kpis import Figures, kpis

NARROW = 11  # six tiles across 80 columns, less their borders


def figures(**change: object) -> Figures:
    base = dict(
        waiting=11_247, oldest=2838.0, need=15_594, answered=3_897, in_sla=3_509, late=388,
        missed=6_179, service=0.225, missed_rate=0.396, at_risk=3089.5, at_risk_share=0.5,
        busy=7, on_shift=7, sla=60.0, oldest_channel="twitter",
    )  # fmt: skip
    base.update(change)
    return Figures(**base)  # type: ignore[arg-type]


def test_every_short_wording_fits_a_narrow_tile_even_deep_in_a_crisis():
    for f in (figures(), figures(waiting=438, in_sla=480, need=948, late=11, on_shift=7)):
        for kpi in kpis(f):
            if kpi.key == "at_risk":
                continue  # the tile gives way at 80 columns
            words = kpi.short or kpi.detail
            assert len(words) <= NARROW, (kpi.key, words)


def test_short_wordings_keep_the_figures():
    by_key = {k.key: k for k in kpis(figures(waiting=438, on_shift=7))}
    assert by_key["waiting"].detail == "62.6 per agent"
    assert by_key["waiting"].short == "62.6/agent"
    assert by_key["oldest"].short == "SLA 60m"
    assert by_key["missed"].short == "39.6% rate"
    assert by_key["late"].short == "10% late"
    crisis = {k.key: k for k in kpis(figures())}
    assert crisis["waiting"].short == "1,607/agent"  # not 1606.7: the tenth is noise here
    assert crisis["sla"].short == "3,509/15.6k"
    big = {k.key: k for k in kpis(figures(in_sla=99_960, need=1_234_567))}
    assert big["sla"].short == "100k/1.2M"


def test_with_nothing_answered_late_has_no_share_to_give():
    """'Late 0 · 0% of answers' stood beside Missed's '– of needed' at the start (trial)."""
    start = {k.key: k for k in kpis(figures(answered=0, in_sla=0, late=0, missed_rate=None))}
    assert start["late"].detail == "– of answers" and start["late"].level == "info"
    assert start["missed"].detail == "– of needed"
