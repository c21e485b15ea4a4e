from . import corporate_offer_wizard
