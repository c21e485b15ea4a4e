"""Calls recorded by the phone system."""

from . import res_partner_pbx
from . import res_users_pbx
from . import res_company_pbx
from . import corporate_interaction_pbx
from . import corporate_pbx_call
