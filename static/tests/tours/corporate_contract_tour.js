import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("corporate_contract_sign", {
    url: "/odoo/action-corporate_client.action_corporate_contract",
    steps: () => [
        {
            content: "Create a contract",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the client",
            trigger: ".o_field_widget[name=client_id] input",
            run: "edit Alpha",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Alpha Industries')",
            run: "click",
        },
        {
            content: "Price type",
            trigger: ".o_field_widget[name=pricelist_id] input",
            run: "edit Corporate wholesale",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Corporate wholesale')",
            run: "click",
        },
        {
            content: "Payment terms",
            trigger: ".o_field_widget[name=payment_term_id] input",
            run: "edit 45 days net",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('45 days net')",
            run: "click",
        },
        {
            content: "Credit limit",
            trigger: ".o_field_widget[name=credit_limit] input",
            run: "edit 5000",
        },
        {
            content: "Sign the contract",
            trigger: ".o_form_view button[name=action_sign]",
            run: "click",
        },
        {
            content: "The contract is signed, for a new client",
            trigger: ".o_field_widget[name=state] button.o_arrow_button_current:contains('Signed')",
        },
        {
            trigger: ".o_form_view .ribbon:contains('New client')",
        },
        {
            content: "Open the client card",
            trigger: ".o_field_widget[name=client_id] a.o_form_uri",
            run: "click",
        },
        {
            content: "Open the commercial terms",
            trigger: ".o_notebook .nav-link:contains('Commercial terms')",
            run: "click",
        },
        {
            content: "The price type of the contract is on the card",
            trigger: ".o_field_widget[name=property_product_pricelist] input:value(Corporate wholesale)",
        },
        {
            trigger: ".o_field_widget[name=property_payment_term_id] input:value(45 days net)",
        },
        {
            content: "So are the contract in force and its credit limit",
            trigger: ".o_field_widget[name=active_contract_id]:contains('CTR/')",
        },
        {
            trigger: ".o_field_widget[name=corporate_credit_limit]:contains('5,000.00')",
        },
    ],
});
