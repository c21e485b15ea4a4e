import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("corporate_client_open_app", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("corporate_client.menu_corporate_root", "Open the Corporate Clients app"),
        {
            content: "The manager lands on their client cards",
            trigger: ".o_kanban_view .o_kanban_record:contains('Alpha Industries')",
        },
        {
            content: "Only their own clients are listed",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Gamma Mining')))",
        },
    ],
});
