"""Contracts, orders and receivables: contracts and disagreements, order approval, invoices,
payments and collection, aging.
"""

from . import sale_order
from . import corporate_contract
from . import corporate_contract_disagreement
from . import corporate_client_receivable
from . import corporate_receivable_report
from . import sale_order_contract
from . import account_move
from . import account_partial_reconcile
from . import account_payment
from . import sale_order_interaction
