"""Work plans and monthly reports."""

from . import corporate_monthly_mixin
from . import corporate_plan
from . import corporate_monthly_report
