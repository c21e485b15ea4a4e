"""Out-of-stock supply requests to logistics and products back in stock."""

from . import product_template
from . import sale_order_line
from . import stock_move
from . import corporate_logistics_request
