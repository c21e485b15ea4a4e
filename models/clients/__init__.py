"""Client cards (delegating to res.partner) and what follows a client: contacts, competitors,
duplicates, birthdays, greetings, complaints, events.
"""

from . import res_partner
from . import corporate_client
from . import corporate_client_document
from . import corporate_client_contact
from . import corporate_client_competitor
from . import corporate_client_duplicate
from . import res_partner_care
from . import corporate_contact_birthday
from . import corporate_greeting
from . import corporate_complaint
from . import corporate_event
from . import corporate_client_care
