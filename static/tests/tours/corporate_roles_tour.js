import { registry } from "@web/core/registry";

/**
 * Each role walks the path where issue 17 found a defect on screen.
 */

function insideViewport(what) {
    return function () {
        const rect = this.anchor.getBoundingClientRect();
        if (rect.right > window.innerWidth || rect.left < 0) {
            throw new Error(`${what} is off-screen (${rect.left}-${rect.right} of ${window.innerWidth} px)`);
        }
    };
}

// Account manager: the client list, the activities of the managers substituted,
// a supply request, and a colleague's card opened by its URL.
registry.category("web_tour.tours").add("corporate_client_manager_walk", {
    url: "/odoo/action-corporate_client.action_corporate_client",
    steps: () => [
        {
            content: "Switch to the list of my clients",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The row buttons of a client are on screen",
            trigger: ".o_list_view .o_data_row:contains('Alpha Industries') button[name=action_log_offer]",
            run: insideViewport("The 'Log offer' button"),
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Alpha Industries') button[name=action_log_call]",
            run: insideViewport("The 'Log call' button"),
        },
        {
            content: "Open the Activities menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains('Activities')",
            run: "click",
        },
        {
            content: "Open the activities of the managers I substitute",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Managers I substitute')",
            run: "click",
        },
        {
            content: "The activity of the absent manager is listed",
            trigger: ".o_list_view .o_data_row:contains('Discuss the winter order')",
        },
    ],
});

registry.category("web_tour.tours").add("corporate_client_manager_submit_request", {
    // Started on a record: the test gives the URL.
    steps: () => [
        {
            content: "The details are confirmed on the first screen, next to the Submit button",
            trigger: ".o_form_view div[name=clarified] input[type=checkbox]",
            run: "click",
        },
        {
            content: "Submit the request",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "The request is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});

registry.category("web_tour.tours").add("corporate_client_manager_colleague_card", {
    // Started on a record: the test gives the URL.
    steps: () => [
        {
            content: "My client cards stay on screen behind the error",
            trigger: ".o_action_manager .o_kanban_record:contains('Alpha Industries'), .o_action_manager .o_data_row:contains('Alpha Industries')",
        },
        {
            content: "The error says why, in a manager's words",
            trigger: ".modal:contains('It concerns a client you do not manage')",
        },
        {
            content: "Close the error (whichever button its footer has)",
            trigger: ".modal:contains('It concerns a client you do not manage') .modal-footer button",
            run: "click",
        },
        {
            content: "The page is usable: open my own client",
            trigger: "body:not(:has(.modal)) .o_kanban_record:contains('Alpha Industries'), body:not(:has(.modal)) .o_data_row .o_data_cell:contains('Alpha Industries')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('Alpha Industries'), .o_form_view .o_field_widget[name=name] input",
        },
    ],
});

// Department head: returning a report asks for the reason at the click.
registry.category("web_tour.tours").add("corporate_client_head_return_report", {
    // Started on a record: the test gives the URL.
    steps: () => [
        {
            content: "Return the submitted report",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Return')",
            run: "click",
        },
        {
            content: "The reason is asked in a dialog",
            trigger: ".modal div[name=reason] textarea",
            run: "edit The turnover of Alpha Industries is missing.",
        },
        {
            trigger: ".modal .modal-footer button[name=action_return]",
            run: "click",
        },
        {
            content: "The report is returned with the reason",
            trigger: ".o_form_view:not(:has(.modal)) .alert-warning:contains('turnover of Alpha Industries')",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Returned')",
        },
    ],
});

// Director: attestation dates are set in the list (R4).
registry.category("web_tour.tours").add("corporate_client_director_attestation", {
    url: "/odoo/action-corporate_client.action_corporate_attestation",
    steps: () => [
        {
            content: "Click the last attestation of a manager",
            trigger: ".o_list_view .o_data_row:contains('Cc Manager A') td[name=corporate_attestation_last_date]",
            run: "click",
        },
        {
            content: "The cell is editable",
            trigger: ".o_list_view .o_selected_row td[name=corporate_attestation_last_date] input",
            run: "edit 06/15/2026",
        },
        {
            trigger: ".o_list_view .o_selected_row td[name=corporate_attestation_next_date]",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_list_button_save",
            run: "click",
        },
        {
            content: "The next attestation follows six months later",
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row:contains('Cc Manager A') td[name=corporate_attestation_next_date]:contains('12/15/2026')",
        },
    ],
});

// Accountant: a client card read-only, with the collection activities.
registry.category("web_tour.tours").add("corporate_client_accountant_card", {
    // Started on a record: the test gives the URL.
    steps: () => [
        {
            content: "The card has no Register button for the accountant",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_register]))",
        },
        {
            content: "The collection activity is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Activity:contains('Collect payment')",
        },
        {
            content: "Open the commercial terms",
            trigger: ".o_notebook .nav-link:contains('Commercial terms')",
            run: "click",
        },
        {
            content: "Credit used is a plain percentage",
            trigger: ".o_form_view div[name=credit_usage]:contains('30%')",
        },
        {
            content: "Back to the clients",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a, .o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "Switch to the activity view",
            trigger: ".o_control_panel .o_switch_view.o_activity",
            run: "click",
        },
        {
            content: "Every client, without a 'My clients' filter: the accountant manages none",
            trigger: ".o_action:has(.o_activity_view) .o_searchview:not(:has(.o_searchview_facet))",
        },
        {
            content: "The collection activity is in the activity view",
            trigger: ".o_activity_view tr.o_data_row:contains('Alpha Industries') .o_activity_summary_cell:not(.o_activity_empty_cell)",
        },
    ],
});

// Logistics: the open supply requests, without managers' drafts.
registry.category("web_tour.tours").add("corporate_client_logistics_open_requests", {
    url: "/odoo/action-corporate_client.action_corporate_logistics_request",
    steps: () => [
        {
            content: "The submitted request is listed",
            trigger: ".o_list_view .o_data_row:contains('Beta Trading') td[name=name]",
            run() {
                const cell = this.anchor;
                if (cell.scrollWidth > cell.clientWidth) {
                    throw new Error(`The reference is cut: "${cell.textContent}"`);
                }
            },
        },
        {
            content: "Drafts of the managers are not 'open' for logistics",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Alpha Industries')))",
        },
    ],
});
