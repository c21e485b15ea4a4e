"""The company, its calendar and departments, users and their roles, absences and substitutions,
attestations.
"""

from . import res_company
from . import resource_calendar
from . import res_config_settings
from . import crm_team
from . import res_users
from . import res_users_attestation
from . import corporate_holiday
from . import corporate_substitution
