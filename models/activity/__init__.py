"""Activity and quotas: interactions, their day counters, the figures registry and its engines,
quotas, progress, the work queue (My day).
"""

from . import corporate_interaction
from . import corporate_activity_counter
from . import corporate_figure
from . import corporate_quota
from . import corporate_progress
from . import corporate_quota_shortfall
from . import corporate_client_interaction
from . import corporate_quota_progress
from . import corporate_interaction_analysis
from . import mail_activity
from . import corporate_work_queue
from . import corporate_interaction_trace
