import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("corporate_client_open_app", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the Corporate Clients app",
            trigger: '.o_app[data-menu-xmlid="corporate_client.menu_corporate_root"]',
            run: "click",
        },
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
