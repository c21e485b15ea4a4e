import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("corporate_client_open_app", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("corporate_client.menu_corporate_root", "Open the Corporate Clients app"),
        {
            content: "The manager lands on My day",
            trigger: ".o_corporate_my_day_page .o_corporate_queue_own",
        },
        {
            content: "Open the Clients menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='corporate_client.menu_corporate_clients']",
            run: "click",
        },
        {
            content: "Open the client cards",
            trigger: ".dropdown-item[data-menu-xmlid='corporate_client.menu_corporate_client_cards']",
            run: "click",
        },
        {
            content: "The manager sees their client cards",
            trigger: ".o_kanban_view .o_kanban_record:contains('Alpha Industries')",
        },
        {
            content: "Only their own clients are listed",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Gamma Mining')))",
        },
    ],
});

registry.category("web_tour.tours").add("corporate_client_register_prospect", {
    url: "/odoo/action-corporate_client.action_corporate_client",
    steps: () => [
        {
            content: "Create a new client card",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name the prospect",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Prospect Ltd && press Tab",
        },
        { trigger: ".o_field_widget[name=email] input", run: "edit buyer@tour.example.com && press Tab" },
        { trigger: ".o_field_widget[name=phone] input", run: "edit +62 21 555 7777 && press Tab" },
        { trigger: ".o_field_widget[name=street] input", run: "edit Jl. Gatot Subroto 5 && press Tab" },
        { trigger: ".o_field_widget[name=city] input", run: "edit Jakarta && press Tab" },
        { trigger: ".o_field_widget[name=vat] input", run: "edit 01.999.888.7-666.000 && press Tab" },
        {
            content: "Choose the segment",
            trigger: ".o_field_widget[name=segment] select",
            run: 'select "medium"',
        },
        {
            content: "The card still misses a decision maker",
            trigger: ".o_form_view .text-warning:contains('decision maker')",
        },
        {
            content: "Open the decision makers tab",
            trigger: "a.nav-link:contains('Decision makers')",
            run: "click",
        },
        {
            content: "Add the buyer as a contact",
            trigger: "div[name=child_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=child_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Rita Buyer && press Tab",
        },
        ...stepUtils.saveForm(),
        {
            content: "Only the decision maker is missing now",
            trigger: ".o_form_view .text-warning:contains('Missing: decision maker')",
        },
        {
            content: "Give her the decision maker role",
            trigger: "div[name=contact_role_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=contact_role_ids] .o_data_row .o_field_widget[name=contact_id] input",
            run: "edit Rita",
        },
        {
            isActive: ["desktop"],
            trigger: ".o-autocomplete--dropdown-item a:contains('Rita Buyer')",
            run: "click",
        },
        {
            content: "On a phone, the person is picked in a search dialog",
            isActive: ["mobile"],
            trigger: ".modal .o_kanban_record:contains('Rita Buyer')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The card is complete",
            trigger: ".o_form_view .text-success:contains('Card complete')",
        },
        {
            content: "On a phone, the header buttons are in the gear menu",
            isActive: ["mobile"],
            trigger: ".o_control_panel button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Register it",
            trigger: "button[name=action_register]",
            run: "click",
        },
        {
            content: "The card shows as registered",
            trigger: ".o_form_view .ribbon:contains('Registered')",
        },
    ],
});
