import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Legal forms left out when comparing company names (Indonesian first, then
# the usual foreign ones): "PT Maju Jaya Tbk" is "Maju Jaya".
LEGAL_FORMS = frozenset(
    {
        "pt",
        "cv",
        "tbk",
        "persero",
        "ud",
        "pd",
        "fa",
        "koperasi",
        "ltd",
        "limited",
        "inc",
        "llc",
        "llp",
        "plc",
        "corp",
        "co",
        "gmbh",
        "ag",
        "sa",
        "srl",
        "bv",
        "nv",
        "jsc",
        "ooo",
    }
)


def name_key(name):
    """The name a duplicate is recognised by: case, accents, spaces, punctuation
    and legal forms (PT, CV, Tbk...) ignored; '' when nothing is left."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    # "P.T." and "C.V." are legal forms too: join the single letters first.
    text = re.sub(r"\b(\w)\.(?=\w\b)", r"\1", text)
    words = [word for word in re.findall(r"[^\W_]+", text) if word not in LEGAL_FORMS]
    return "".join(words)


def vat_key(vat):
    """A tax id without its separators: 01.234.567.8-901.000 = 012345678901000."""
    return re.sub(r"[^0-9A-Z]", "", (vat or "").upper())


class CorporateClient(models.Model):
    """Duplicate client cards (issue 30): one card per company, by name and tax id.

    Creating or importing a card whose company has the same name (once case,
    spaces, punctuation and legal forms are ignored) or the same tax id as an
    existing card is refused, naming the existing company.
    """

    _inherit = "corporate.client"

    duplicate_name_key = fields.Char(
        compute="_compute_duplicate_keys", store=True, index="btree_not_null", copy=False
    )
    duplicate_vat_key = fields.Char(
        compute="_compute_duplicate_keys", store=True, index="btree_not_null", copy=False
    )

    @api.depends("partner_id.name", "partner_id.vat")
    def _compute_duplicate_keys(self):
        for card in self:
            card.duplicate_name_key = name_key(card.partner_id.name) or False
            card.duplicate_vat_key = vat_key(card.partner_id.vat) or False

    @api.model
    def _corporate_technical_fields(self):
        return super()._corporate_technical_fields() | {
            "duplicate_name_key",
            "duplicate_vat_key",
        }

    def _corporate_check_duplicates(self):
        """Refuse cards of ``self`` that duplicate another card (or each other)."""
        Card = self.sudo().with_context(active_test=False)
        cards = Card.browse(self.ids)
        for field in ("duplicate_name_key", "duplicate_vat_key"):
            keys = {key for key in cards.mapped(field) if key}
            if not keys:
                continue
            others = Card.search([(field, "in", list(keys)), ("id", "not in", cards.ids)])
            seen = {other[field]: other for other in others}
            for card in cards:
                key = card[field]
                existing = key and seen.get(key)
                if existing:
                    raise ValidationError(card._corporate_duplicate_message(existing, field))
                if key:
                    seen[key] = card

    def _corporate_duplicate_message(self, existing, field):
        if field == "duplicate_vat_key":
            return self.env._(
                "%(name)s has the tax id %(vat)s of the client %(existing)s, which already "
                "has a client card: open that card (ask its account manager or the "
                "department head) instead of creating another one.",
                name=self.name,
                vat=self.vat,
                existing=existing.name,
            )
        return self.env._(
            "%(name)s is the client %(existing)s, which already has a client card (same "
            "name once case, spaces, punctuation and legal forms such as PT, CV or Tbk "
            "are ignored): open that card (ask its account manager or the department "
            "head) instead of creating another one.",
            name=self.name,
            existing=existing.name,
        )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The company partner is made with the card: not required from the user.

        The column stays NOT NULL (the delegation needs it); only what the
        forms and the import screen are told changes.
        """
        res = super().fields_get(allfields=allfields, attributes=attributes)
        if "partner_id" in res and "required" in res["partner_id"]:
            res["partner_id"]["required"] = False
        return res
