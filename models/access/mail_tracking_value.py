from odoo import models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """Show the tracked selection values of this addon in the reader's language.

        Odoo stores the label of a tracked selection value in the language of
        whoever made the change (a cron writes English): the chatter then shows
        "Submitted → Returned" to an Indonesian reader.  The stored label is
        mapped back to its key, whatever its language, and shown in the
        reader's.
        """
        formatted = super()._tracking_value_format_model(model)
        if not model or not model.startswith("corporate.") or model not in self.env:
            return formatted
        Model = self.env[model]
        labels = {}
        for info in formatted:
            field = Model._fields.get(info["fieldName"])
            if not field or field.type != "selection":
                continue
            if field.name not in labels:
                labels[field.name] = self._corporate_selection_labels(field)
            for side in ("oldValue", "newValue"):
                value = info[side]["value"]
                info[side]["value"] = labels[field.name].get(value, value)
        return formatted

    def _corporate_selection_labels(self, field):
        """{label in any installed language: label in the reader's language}."""
        reader = dict(field._description_selection(self.env))
        mapping = {}
        for code, _name in self.env["res.lang"].get_installed():
            for key, label in field._description_selection(self.with_context(lang=code).env):
                mapping.setdefault(label, reader.get(key, label))
        return mapping
