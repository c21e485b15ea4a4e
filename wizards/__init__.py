from . import corporate_offer_wizard
from . import corporate_out_of_stock_wizard
