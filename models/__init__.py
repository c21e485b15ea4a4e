"""The models of corporate_client, by domain (imported in dependency order)."""

from . import access
from . import organisation
from . import clients
from . import activity
from . import sales
from . import logistics
from . import reporting
from . import pbx
