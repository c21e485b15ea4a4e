from . import test_foundation
from . import test_client_card
from . import test_access
from . import test_substitution
from . import test_interaction
from . import test_tours
from . import test_out_of_stock
from . import test_logistics
