import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("corporate_client_complaint", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("corporate_client.menu_corporate_root", "Open the Corporate Clients app"),
        {
            content: "Open the Clients menu",
            trigger: ".o_main_navbar button:contains('Clients')",
            run: "click",
        },
        {
            content: "Open the complaints",
            trigger: ".dropdown-item:contains('Complaints')",
            run: "click",
        },
        {
            content: "Record a new complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the client",
            trigger: ".o_field_widget[name=client_id] input",
            run: "edit Alpha",
        },
        {
            content: "Pick Alpha Industries",
            trigger: ".o-autocomplete--dropdown-menu li:contains('Alpha Industries')",
            run: "click",
        },
        {
            content: "Delivery time",
            trigger: ".o_field_widget[name=category] select",
            run: "select \"delivery\"",
        },
        {
            content: "Severity high",
            trigger: ".o_field_widget[name=severity] select",
            run: "select \"high\"",
        },
        {
            content: "Describe the complaint",
            trigger: ".o_field_html[name=description] .odoo-editor-editable",
            run: "editor The paper arrived three days late",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The complaint got a reference and a deadline",
            trigger: ".o_field_widget[name=name]:contains('CMP/')",
        },
        {
            content: "Start working on it",
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "It is in progress",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In progress')",
        },
        {
            content: "Open the resolution tab",
            trigger: ".o_notebook a:contains('Resolution')",
            run: "click",
        },
        {
            content: "Root cause",
            trigger: ".o_field_widget[name=root_cause] textarea",
            run: "edit The carrier missed the pick-up",
        },
        {
            content: "Corrective action",
            trigger: ".o_field_widget[name=corrective_action] textarea",
            run: "edit Delivered by our own truck the next morning",
        },
        {
            content: "Resolve",
            trigger: ".o_statusbar_buttons button[name=action_resolve]",
            run: "click",
        },
        {
            content: "It is resolved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "The client is satisfied",
            trigger: ".o_field_widget[name=satisfaction] select",
            run: "select \"4\"",
        },
        {
            content: "Close the complaint",
            trigger: ".o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            content: "It is closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Closed')",
        },
    ],
});
