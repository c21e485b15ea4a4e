from . import (
    corporate_client,
    corporate_client_competitor,
    corporate_client_contact,
    corporate_substitution,
    crm_team,
    ir_rule,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sale_order,
)
