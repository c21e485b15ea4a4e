from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CorporateMonthlyMixin(models.AbstractModel):
    """A record each manager has once a month: the work plan, the monthly report.

    ``date_from`` is kept on the first day of its month, and a second record of
    a manager for a month is refused with a message a manager understands
    before the database's unique constraint fails, with one query for a whole
    batch (the monthly job creates a report for every manager at once).
    Models define ``user_id``, ``date_from``, the unique constraint and the two
    messages.
    """

    _name = "corporate.monthly.mixin"
    _description = "One Record per Manager and Month"

    @api.model
    def _month_start(self, any_day):
        return fields.Date.to_date(any_day).replace(day=1)

    def _month_taken_message(self, existing):
        """Why ``existing`` (same manager and month) forbids a new record."""
        raise NotImplementedError()

    def _month_repeated_message(self):
        """Why one batch may not hold a manager's month twice."""
        raise NotImplementedError()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = self._month_start(vals["date_from"])
        self._check_months_free(
            [
                (vals.get("user_id") or self.env.uid, vals["date_from"])
                for vals in vals_list
                if vals.get("date_from")
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_from"):
            vals = dict(vals, date_from=self._month_start(vals["date_from"]))
        if {"date_from", "user_id"} & set(vals):
            self._check_months_free(
                [
                    (
                        vals.get("user_id", record.user_id.id),
                        vals.get("date_from") or record.date_from,
                    )
                    for record in self
                ],
                exclude=self,
            )
        return super().write(vals)

    @api.model
    def _check_months_free(self, pairs, exclude=None):
        """Raise if one of the (user id, month start) ``pairs`` is taken, in one query."""
        if not pairs:
            return
        if len(set(pairs)) < len(pairs):
            raise ValidationError(self._month_repeated_message())
        existing = self.sudo().search(
            [
                ("user_id", "in", list({user_id for user_id, _month in pairs})),
                ("date_from", "in", list({month for _user_id, month in pairs})),
                ("id", "not in", exclude.ids if exclude else []),
            ]
        )
        taken = {(record.user_id.id, record.date_from): record for record in existing}
        for pair in pairs:
            if pair in taken:
                raise ValidationError(self._month_taken_message(taken[pair]))
