"""Who may see and change what: the access guard of every document, record rules' helpers,
report rendering checks, names readable by everyone.
"""

from . import base
from . import ir_rule
from . import corporate_cache_clearing
from . import corporate_access_guard
from . import corporate_reader_name
from . import ir_actions_report
from . import mail_tracking_value
