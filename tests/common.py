from contextlib import contextmanager
from itertools import count

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase, new_test_user

from ..models.activity.corporate_figure import ACTIVITY_METRICS

_VAT_SEQUENCE = count(1)


def activity_counts(env, users, date_from, date_to):
    """{user_id: {local day: {metric: count}}} of ACTIVITY_METRICS, read the way
    production reads them (``corporate.figure._activity_rows``)."""
    rows = env["corporate.figure"]._activity_rows(users, date_from, date_to)
    return {
        user_id: {day: dict(zip(ACTIVITY_METRICS, row, strict=True)) for day, row in days.items()}
        for user_id, days in rows.items()
    }


class _Rollback(Exception):
    """Raised to undo an operation that succeeded."""


class CorporateClientCase(TransactionCase):
    """The world every test starts from, built once per test class.

    Two corporate departments: North (head ``head_north``, managers ``manager_a``
    and ``manager_b``) and South (head ``head_south``, manager ``manager_c``);
    a director, an accountant, a logistics user and a plain internal user; one
    card per manager, a retail customer and a competitor.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # An Indonesian company, like its users: the scheduled jobs' today is
        # the calendar's (UTC+7), not the server's UTC date.
        cls.company.resource_calendar_id.tz = "Asia/Jakarta"
        grp = "corporate_client.group_"

        def user(login, groups, name=None):
            return new_test_user(
                cls.env,
                login=login,
                name=name or login.replace("_", " ").title(),
                groups=groups,
                email=f"{login}@example.com",
                tz="Asia/Jakarta",
            )

        cls.director = user("cc_director", f"base.group_user,{grp}director")
        cls.head_north = user("cc_head_north", f"base.group_user,{grp}department_head")
        cls.head_south = user("cc_head_south", f"base.group_user,{grp}department_head")
        cls.manager_a = user("cc_manager_a", f"base.group_user,{grp}account_manager")
        cls.manager_b = user("cc_manager_b", f"base.group_user,{grp}account_manager")
        cls.manager_c = user("cc_manager_c", f"base.group_user,{grp}account_manager")
        cls.accountant = user("cc_accountant", "base.group_user,account.group_account_invoice")
        cls.logistics = user("cc_logistics", "base.group_user,stock.group_stock_user")
        cls.employee = user("cc_employee", "base.group_user")
        cls.retail_seller = user("cc_retail", "base.group_user,sales_team.group_sale_salesman")

        Team = cls.env["crm.team"]
        cls.team_north = Team.create(
            {
                "name": "Corporate North",
                "is_corporate": True,
                "user_id": cls.head_north.id,
                "member_ids": [Command.set((cls.manager_a | cls.manager_b).ids)],
            }
        )
        cls.team_south = Team.create(
            {
                "name": "Corporate South",
                "is_corporate": True,
                "user_id": cls.head_south.id,
                "member_ids": [Command.set(cls.manager_c.ids)],
            }
        )
        cls.competitor = cls.env["res.partner"].create(
            {"name": "Rival Wholesale", "is_company": True, "is_competitor": True}
        )
        cls.retail = cls.env["res.partner"].create({"name": "Corner Shop", "customer_rank": 1})
        cls.client_a = cls.create_client("Alpha Industries", cls.manager_a)
        cls.client_b = cls.create_client("Beta Trading", cls.manager_b)
        cls.client_c = cls.create_client("Gamma Mining", cls.manager_c)

    @classmethod
    def create_client(cls, name, manager, **vals):
        card = cls.env["corporate.client"].create(
            {
                "name": name,
                "user_id": manager.id,
                "email": f"buyer@{name.split()[0].lower()}.example.com",
                "phone": "+62 21 555 0101",
                "street": "Jl. Thamrin 1",
                "city": "Jakarta",
                # One tax id per company: the same tax id is a duplicate card.
                "vat": f"01.234.567.8-{next(_VAT_SEQUENCE):03d}.000",
                "segment": "medium",
                **vals,
            }
        )
        card.write({"child_ids": [Command.create({"name": f"Director of {name}"})]})
        return card

    @classmethod
    def local_today(cls, user=None):
        """Today as ``user`` (default: an account manager, UTC+7) sees it.

        Never ``fields.Date.today()`` (the server's UTC date): between 17:00
        and 24:00 UTC it is already tomorrow in Jakarta.
        """
        user = user or cls.manager_a
        return fields.Date.context_today(cls.env["res.users"].with_context(tz=user.tz))

    @classmethod
    def add_decision_maker(cls, card):
        return cls.env["corporate.client.contact"].create(
            {
                "client_id": card.id,
                "contact_id": card.child_ids[:1].id,
                "role": "decision_maker",
            }
        )

    def log_call(self, card, user, **vals):
        """An outgoing call on ``card`` logged by ``user`` (reached, unless ``vals`` say)."""
        return (
            self.env["corporate.interaction"]
            .with_user(user)
            .create(
                {
                    "client_id": card.id,
                    "user_id": user.id,
                    "interaction_type": "call",
                    "direction": "outgoing",
                    "outcome": "reached",
                    **vals,
                }
            )
        )

    def _attempt(self, user, operation, target, refusals=(AccessError,)):
        """Run ``target(env of user, operation)`` and undo it: True if it went
        through, False if refused with one of ``refusals``."""
        self.env.invalidate_all()
        try:
            with self.cr.savepoint():
                target(self.env(user=user.id), operation)
                self.env.flush_all()
                raise _Rollback()
        except _Rollback:
            return True
        except refusals:
            return False
        finally:
            self.env.invalidate_all()

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, inside a savepoint (as Odoo's assertRaises)."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)
