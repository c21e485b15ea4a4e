from odoo import api, models


class CorporateReaderName(models.AbstractModel):
    """A record name that each reader sees in their own language.

    The stored ``name`` (in the language of whoever wrote the record) serves
    searches; ``display_name`` is built again at read time in the reader's
    language.  A model gives ``_corporate_name()`` and the fields it reads in
    ``_corporate_name_depends``; its ``name`` field uses ``_compute_name``.
    """

    _name = "corporate.reader.name"
    _description = "Name in the Reader's Language"
    _corporate_name_depends = ()

    def _corporate_name(self):
        raise NotImplementedError

    @api.depends(lambda self: self._corporate_name_depends)
    def _compute_name(self):
        for record in self:
            record.name = record._corporate_name()

    @api.depends(lambda self: self._corporate_name_depends)
    @api.depends_context("lang")
    def _compute_display_name(self):
        for record in self:
            record.display_name = record._corporate_name()
