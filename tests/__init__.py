from . import test_access, test_client_card, test_foundation, test_substitution, test_tours
