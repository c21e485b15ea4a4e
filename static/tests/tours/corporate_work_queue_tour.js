import { registry } from "@web/core/registry";

const row = (client) => `.o_corporate_queue_own .o_corporate_queue_row:contains('${client}')`;

// The work queue on My day (issue 19), run on desktop and at 390 px.
registry.category("web_tour.tours").add("corporate_client_work_queue", {
    url: "/odoo/action-corporate_client.action_corporate_home",
    steps: () => [
        {
            content: "The app opens on My day, quota bars first",
            trigger: ".o_corporate_quota_bar[data-metric=calls][data-period=day][data-actual='0']",
        },
        {
            content: "The queue says how it is ordered; nothing scrolls sideways",
            trigger: ".o_corporate_queue_order",
            run() {
                const page = document.querySelector(".o_corporate_my_day_page");
                if (page.scrollWidth > page.clientWidth + 1) {
                    throw new Error(`My day scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
                }
            },
        },
        {
            content: "Alpha's check-in is due, with a phone link",
            trigger: `${row("Alpha Industries")}:contains('Check-in due') a[href^='tel:']`,
        },
        {
            content: "Log the call",
            trigger: `${row("Alpha Industries")} .o_corporate_queue_log_call`,
            run: "click",
        },
        {
            content: "The client is filled in",
            trigger: ".modal .o_field_widget[name=client_id]:contains('Alpha Industries')",
        },
        {
            content: "The client was reached",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value='reached']",
            run: "click",
        },
        {
            content: "Log it",
            trigger: ".modal-footer button[name=action_logged]",
            run: "click",
        },
        {
            content: "A confirmation is shown",
            trigger: ".o_notification:contains('Alpha Industries')",
        },
        {
            content: "The row left the queue",
            trigger: "body:not(:has(.modal)) .o_corporate_queue_own .o_corporate_queue_empty",
        },
        {
            content: "The quota bar counts the call at once",
            trigger: ".o_corporate_quota_bar[data-metric=calls][data-period=day][data-actual='1']",
        },
    ],
});

// The director lands on the overview (issue 19).
registry.category("web_tour.tours").add("corporate_client_director_overview", {
    url: "/odoo/action-corporate_client.action_corporate_home",
    steps: () => [
        {
            content: "Departments with done / target per figure",
            trigger: ".o_corporate_overview_department:contains('Corporate North'):contains('0 / 60')",
        },
        {
            content: "The substitution starting this week is listed",
            trigger: ".o_corporate_overview_substitutions .list-group-item:contains('Cc Manager A')",
        },
        {
            content: "Open it",
            trigger: ".o_corporate_overview_substitutions .list-group-item:first",
            run: "click",
        },
        {
            content: "The substitution's form",
            trigger: ".o_form_view .o_field_widget[name=order_ref]",
        },
    ],
});
