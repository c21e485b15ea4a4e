import { registry } from "@web/core/registry";

// From a quotation line that asks for more than the warehouse has to a submitted
// supply request (R26-R28). The Python test creates the quotation and opens it.
registry.category("web_tour.tours").add("corporate_client_out_of_stock", {
    steps: () => [
        {
            content: "The line asks for more than is free: open Out of stock",
            trigger: ".o_field_one2many[name='order_line'] .o_data_row button[name='action_corporate_out_of_stock']",
            run: "click",
        },
        {
            content: "The wizard tells how much is free and when the rest comes",
            trigger: ".modal .o_field_widget[name='availability']:contains('Expected on')",
        },
        {
            content: "The analog is offered at the client's price",
            trigger: ".modal .o_field_widget[name='analog_line_ids'] .o_data_row:contains('Copy paper 75 g'):contains('33.00')",
        },
        {
            content: "Ask logistics for the missing quantity",
            trigger: ".modal-footer button[name='action_create_request']",
            run: "click",
        },
        {
            content: "The draft request is opened",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            content: "Open the page of what was agreed with the buyer",
            trigger: ".o_notebook a[name='clarification']",
            run: "click",
        },
        {
            content: "The details are clarified with the buyer",
            trigger: ".o_field_widget[name='clarified'] input",
            run: "click",
        },
        {
            content: "Note what the buyer agreed",
            trigger: ".o_field_widget[name='clarification_note'] textarea",
            run: "edit Two deliveries accepted",
        },
        {
            content: "Submit the request",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The request is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
    ],
});
