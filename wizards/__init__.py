from . import corporate_offer_wizard
from . import corporate_out_of_stock_wizard
from . import corporate_report_return_wizard
from . import corporate_pbx_import_wizard
from . import corporate_client_conversion
