import { registry } from "@web/core/registry";

// R29: the account manager fills in and submits the monthly report...
registry.category("web_tour.tours").add("corporate_monthly_report_submit", {
    url: "/odoo/action-corporate_client.action_corporate_monthly_report",
    steps: () => [
        {
            content: "Open my report of last month",
            trigger: ".o_list_view .o_data_row:contains('Cc Manager A') .o_data_cell[name='user_id']",
            run: "click",
        },
        {
            content: "The figures are there, frozen for editing",
            trigger: ".o_form_view div[name='calls_count']:contains('3')",
        },
        {
            content: "Go to my comments",
            trigger: ".o_notebook .nav-link:contains('Comments')",
            run: "click",
        },
        {
            content: "Write the achievements of the month",
            trigger: "div[name='achievements'] textarea",
            run: "edit Signed two contracts with new clients.",
        },
        {
            content: "Write the plan for next month",
            trigger: "div[name='next_month_plan'] textarea",
            run: "edit Close the annual contract with Alpha Industries.",
        },
        {
            content: "Submit the report",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
        {
            content: "The comments can no longer be edited",
            trigger: "div[name='achievements']:not(:has(textarea))",
        },
    ],
});

// ... and the department head approves it.
registry.category("web_tour.tours").add("corporate_monthly_report_approve", {
    url: "/odoo/action-corporate_client.action_corporate_monthly_report",
    steps: () => [
        {
            content: "Open the submitted report of my manager",
            trigger: ".o_list_view .o_data_row:contains('Cc Manager A'):contains('Submitted') .o_data_cell[name='user_id']",
            run: "click",
        },
        {
            content: "Read the manager's comments",
            trigger: ".o_notebook .nav-link:contains('Comments')",
            run: "click",
        },
        {
            content: "The achievements are those the manager wrote",
            trigger: "div[name='achievements']:contains('Signed two contracts with new clients.')",
        },
        {
            content: "Approve the report",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The report is approved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});
