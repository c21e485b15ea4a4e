import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const callsToday = (count) =>
    `.o_corporate_quota_bar[data-metric='calls'][data-period='day'][data-actual='${count}']`;

function openMyDay() {
    return [
        {
            content: "Open the Activities menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='corporate_client.menu_corporate_activities']",
            run: "click",
        },
        {
            content: "Open My day",
            trigger: ".dropdown-item[data-menu-xmlid='corporate_client.menu_corporate_my_day']",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("corporate_client_log_call_my_day", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("corporate_client.menu_corporate_root", "Open the Corporate Clients app"),
        ...openMyDay(),
        {
            content: "No call logged today yet",
            trigger: callsToday(0),
        },
        {
            content: "Back to the client cards",
            trigger: ".o_menu_sections button[data-menu-xmlid='corporate_client.menu_corporate_clients']",
            run: "click",
        },
        {
            content: "Client cards",
            trigger: ".dropdown-item[data-menu-xmlid='corporate_client.menu_corporate_client_cards']",
            run: "click",
        },
        {
            content: "Open Alpha Industries",
            trigger: ".o_kanban_record:contains('Alpha Industries')",
            run: "click",
        },
        {
            content: "Log a call from the card",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_log_call']",
            run: "click",
        },
        {
            content: "The client is filled in",
            trigger: ".modal .o_field_widget[name=client_id]:contains('Alpha Industries')",
        },
        {
            content: "The client is interested",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value='interested']",
            run: "click",
        },
        {
            content: "Notes",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Wants a price list for paper",
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
            content: "The card shows the outcome",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=last_outcome]:contains('Interested')",
        },
        ...openMyDay(),
        {
            content: "My day counts the call",
            trigger: callsToday(1),
        },
    ],
});
