from . import corporate_out_of_stock_wizard
