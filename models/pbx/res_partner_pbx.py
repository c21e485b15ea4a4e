import phonenumbers

from odoo import api, fields, models


def phone_e164(number, region=None):
    """``number`` in E.164 (``+6281234567890``), or False when it does not parse.

    ``region``: ISO code of the country whose national numbers ``number`` may
    be written in (``0812 3456 7890``, ``(021) 555-0101``); a number starting
    with ``+`` needs none.  Odoo's ``phone_validation`` uses the same library
    (``phonenumbers``) to format numbers.
    """
    if not number or not isinstance(number, str | int):
        return False
    text = str(number).strip()
    try:
        parsed = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_possible_number(parsed):
        return False
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The phone system matches a call to a client by the external number
    # (issue 33): the numbers are kept in E.164 next to how people typed them,
    # indexed, so that a batch of calls is matched in one query.
    corporate_phone_e164 = fields.Char(
        string="Phone (E.164)",
        compute="_compute_corporate_e164",
        store=True,
        index="btree_not_null",
    )
    corporate_mobile_e164 = fields.Char(
        string="Mobile (E.164)",
        compute="_compute_corporate_e164",
        store=True,
        index="btree_not_null",
    )

    @api.depends("phone", "mobile", "country_id", "company_id.country_id")
    def _compute_corporate_e164(self):
        default_region = self.env.company.country_id.code
        for partner in self:
            region = partner.country_id.code or partner.company_id.country_id.code or default_region
            partner.corporate_phone_e164 = phone_e164(partner.phone, region)
            partner.corporate_mobile_e164 = phone_e164(partner.mobile, region)
