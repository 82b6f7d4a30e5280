"""The platform fee and the agency cut leave the creator part of the fee: one rule, checked by
the offer and by the rate card alike (schemas.check_cuts)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.negotiation.schemas import OfferIn, RateCardIn

OFFER = {"deliverables": [{"kind": "image_note"}], "fee": "1000"}


@pytest.mark.parametrize(("platform", "agency", "refused"), [(50, 49, False), (50, 50, True)])
def test_cuts_that_leave_nothing_are_refused(platform: int, agency: int, refused: bool) -> None:
    for validate in (
        lambda: OfferIn.model_validate(
            {**OFFER, "platform_fee_pct": platform, "agency_cut_pct": agency}
        ),
        lambda: RateCardIn.model_validate({"platform_fee_pct": platform, "agency_cut_pct": agency}),
    ):
        if not refused:
            validate()
            continue
        with pytest.raises(ValidationError) as caught:
            validate()
        assert [e["type"] for e in caught.value.errors()] == ["cuts_exceed_fee"]
