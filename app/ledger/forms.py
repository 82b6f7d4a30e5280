"""Which inputs each ledger form shows, in order, with their labels."""

from __future__ import annotations

from collections.abc import Callable

from app.i18n import Translator
from app.ledger import enums
from app.web.forms import FieldSpec


# Forms are functions of the translator: labels are looked up in the reader's language at each
# render, never fixed at import.
def brand_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("name", _("Name"), required=True),
        FieldSpec("category", _("Category"), hint=_("e.g. skincare, snacks")),
        FieldSpec("contact", _("Contact"), hint=_("Who you talk to there")),
        FieldSpec("notes", _("Notes"), "textarea"),
    ]


def agency_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("name", _("Name"), required=True),
        # blank=False: a select with a sensible default offers no empty choice.
        FieldSpec("kind", _("Kind"), "select", enums.AgencyKind, blank=False),
        FieldSpec(
            "typical_cut_pct", _("Typical cut (%)"), "int", hint=_("The share they usually keep")
        ),
        FieldSpec(
            "notes",
            _("Notes"),
            "textarea",
            hint=_("Layers above them, how they pay, anything to remember"),
        ),
    ]


def deal_fields(
    t: Translator, brands: list[tuple[str, str]], agencies: list[tuple[str, str]]
) -> list[FieldSpec]:
    """The deal form; the first DEAL_ESSENTIALS fields are shown, the rest under "More"."""
    _ = t.gettext
    return [
        FieldSpec(
            "title",
            _("Title"),
            required=True,
            hint=_("e.g. Spring serum video"),
            # The phone keyboard's enter key moves on to the brand rather than submitting half a
            # deal.
            attrs={"maxlength": "200", "enterkeyhint": "next"},
        ),
        FieldSpec(
            "brand_name",
            _("Brand"),
            options=lambda: brands,
            required=True,
            hint=_("Type a name: one of yours is offered, a new one is added"),
            # A datalist of her brands: typing finds one, a new name adds one, and no select of
            # hundreds of brands on a phone.
            attrs={"list": "brand-names", "autocomplete": "off", "maxlength": "200"},
        ),
        FieldSpec(
            "agency_name",
            _("Through agency"),
            options=lambda: agencies,
            hint=_("Leave empty when the brand came to you directly"),
            attrs={"list": "agency-names", "autocomplete": "off", "maxlength": "200"},
        ),
        FieldSpec("status", _("Status"), "select", enums.Status, blank=False),
        FieldSpec("source", _("Source"), "select", enums.Source, blank=False),
        FieldSpec("compensation", _("Compensation"), "select", enums.Compensation, blank=False),
        # Money fields take "1,234.50", "¥1234" and the like (app.money parses them).
        FieldSpec("quoted_fee", _("Your quote"), "money", wide=False),
        FieldSpec("agreed_fee", _("Agreed fee"), "money", wide=False),
        FieldSpec(
            "currency",
            _("Currency"),
            wide=False,
            hint=_("Empty: your profile's currency"),
            # An ISO code: three capitals; the phone keyboard offers them.
            attrs={"maxlength": "3", "autocapitalize": "characters"},
        ),
        FieldSpec("included_revision_rounds", _("Revision rounds included"), "int", wide=False),
        FieldSpec("brief_received_on", _("Brief received"), "date", wide=False),
        FieldSpec("due_on", _("Due"), "date", wide=False),
        FieldSpec("delivered_on", _("Delivered"), "date", wide=False),
        FieldSpec("payment_due_on", _("Payment due"), "date", wide=False),
        FieldSpec("platform", _("Platform"), "select", enums.Platform, blank=False),
        FieldSpec(
            "disclosure",
            _("Disclosure"),
            "select",
            enums.Disclosure,
            blank=False,
            # Disclosure is private by design: saying so beside the field lets her answer honestly.
            hint=_("Private: stays on this instance, never shared"),
        ),
        FieldSpec("niche", _("Niche"), "select", enums.Niche),
        FieldSpec(
            "follower_count",
            _("Followers at signing"),
            "int",
            hint=_("Empty: your profile's count"),
        ),
        FieldSpec("protection_days", _("Protection period (days)"), "int", wide=False),
        FieldSpec("usage_rights_days", _("Usage rights (days)"), "int", wide=False),
        FieldSpec("exclusivity_days", _("Exclusivity (days)"), "int", wide=False),
        FieldSpec("paid_boost_allowed", _("Brand may boost the note with paid ads"), "checkbox"),
        FieldSpec(
            "withholding",
            _("How the payer withholds income tax"),
            "select",
            enums.Withholding,
            hint=_(
                "Empty: from the source and currency (Pugongying: platform, cumulative; "
                "other CNY: per payment; other currencies: foreign)"
            ),
        ),
        FieldSpec(
            "vat_invoiced",
            _("Invoiced through the tax office (代开发票): VAT is paid on it"),
            "checkbox",
        ),
        FieldSpec("notes", _("Notes"), "textarea"),
        # The brand's message as pasted (issue 13): on the form so that an edit keeps it (a form
        # writes every field it has) and she sees it; changed only when she changes it.
        FieldSpec(
            "brief_text",
            _("The brand's message"),
            "textarea",
            hint=_("Kept as the record of what was offered: change it only to correct it."),
            attrs={"maxlength": "20000", "rows": "6"},
        ),
    ]


# Title, brand, agency, status and source are shown; the rest fold under "More", so a lead is three
# taps.
DEAL_ESSENTIALS = 5


def deliverable_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("kind", _("Kind"), "select", enums.DeliverableKind, required=True, blank=False),
        FieldSpec("quantity", _("Quantity"), "int", required=True, wide=False),
        FieldSpec("due_on", _("Due"), "date", wide=False),
        FieldSpec("posted_on", _("Posted"), "date", wide=False),
        FieldSpec("url", _("Link"), "url"),
    ]


def work_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("activity", _("Activity"), "select", enums.Activity, required=True, blank=False),
        FieldSpec(
            "minutes",
            _("Minutes"),
            "int",
            required=True,
            wide=False,
            hint=_("1 to 1440"),
        ),
        FieldSpec("worked_on", _("Date"), "date", required=True, wide=False),
        FieldSpec(
            "revision_round",
            _("Revision round"),
            "int",
            wide=False,
            # Left empty for a revision, the quick form fills in the next round (pages.log_work).
            hint=_("Only for revisions: 1 for the first round"),
        ),
        # Ticked for work outside the deal (comment upkeep, chasing); revision rounds beyond the
        # included ones count as unpaid without it.
        FieldSpec("unpaid", _("Unpaid work (not covered by the fee)"), "checkbox"),
        FieldSpec("note", _("Note"), "textarea"),
    ]


def payment_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        # Gross first and required; the deductions default to zero, the common case of a direct
        # payment.
        FieldSpec("gross", _("Gross amount"), "money", required=True, wide=False),
        FieldSpec("received_on", _("Received on"), "date", required=True, wide=False),
        FieldSpec("platform_fee", _("Platform fee"), "money", wide=False),
        FieldSpec("agency_fee", _("Agency cut"), "money", wide=False),
        FieldSpec("tax_withheld", _("Tax withheld"), "money", wide=False),
        FieldSpec(
            "amount_cny",
            _("Arrived in CNY"),
            "money",
            wide=False,
            hint=_("A payment in another currency: what reached you in yuan, for the tax estimate"),
        ),
        FieldSpec("method", _("Method"), "select", enums.PaymentMethod, blank=False, wide=False),
        FieldSpec("note", _("Note"), "textarea"),
    ]


def expense_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("amount", _("Amount"), "money", required=True, wide=False),
        FieldSpec("spent_on", _("Date"), "date", required=True, wide=False),
        FieldSpec("category", _("Category"), "select", enums.ExpenseCategory, blank=False),
        FieldSpec("note", _("Note"), "textarea"),
    ]


def in_kind_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("item", _("Item"), required=True),
        FieldSpec("value", _("Value"), "money", wide=False),
        FieldSpec("kept", _("I kept it"), "checkbox"),
    ]


# Keyed by the same slugs as ledger.service.PARTS and the URLs.
PART_FIELDS: dict[str, Callable[[Translator], list[FieldSpec]]] = {
    "deliverables": deliverable_fields,
    "work": work_fields,
    "payments": payment_fields,
    "expenses": expense_fields,
    "in-kind": in_kind_fields,
}
