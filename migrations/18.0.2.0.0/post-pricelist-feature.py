"""18.0.2.0.0: the clients' price types need Odoo's pricelist feature.

18.0.2 enables the feature when it is installed (security data, noupdate);
a database installed with 18.0.1 never got it, and saving its Settings would
archive the clients' price types.  Enable it once, as Settings > Sales >
Pricelists does.
"""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    internal = env.ref("base.group_user")
    feature = env.ref("product.group_product_pricelist")
    if feature not in internal.implied_ids:
        internal.write({"implied_ids": [Command.link(feature.id)]})
        env["res.company"]._activate_or_create_pricelists()
