import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A department head opens Team progress: a row per manager, a total per
// department, and a manager's interactions one click away.
registry.category("web_tour.tours").add("corporate_client_team_progress", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("corporate_client.menu_corporate_root", "Open the Corporate Clients app"),
        {
            content: "Open the Activities menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='corporate_client.menu_corporate_activities']",
            run: "click",
        },
        {
            content: "Open Team progress",
            trigger: ".dropdown-item[data-menu-xmlid='corporate_client.menu_corporate_team_progress']",
            run: "click",
        },
        {
            content: "The figures of the registry are the columns",
            trigger: ".o_corporate_team_grid th.o_corporate_team_figure[data-figure='calls']:contains('Calls')",
        },
        {
            content: "A manager of the department is a row",
            trigger: ".o_corporate_team_department .o_corporate_team_row:contains('Cc Manager A')",
        },
        {
            content: "The department's total adds up the managers' daily call quotas",
            trigger: ".o_corporate_team_total td[data-figure='calls'][data-period='day'] .o_corporate_team_target:contains('60')",
        },
        {
            content: "The call logged today counts",
            trigger: ".o_corporate_team_total td[data-figure='calls'][data-period='day'] .o_corporate_team_done:contains('1')",
        },
        {
            content: "Open the manager's interactions",
            trigger: ".o_corporate_team_row:contains('Cc Manager A') .o_corporate_team_manager",
            run: "click",
        },
        {
            content: "The call logged is listed",
            trigger: ".o_list_view .o_data_row:contains('Alpha Industries')",
        },
        {
            content: "Back to Team progress",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a, .o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            trigger: ".o_corporate_team_total",
        },
    ],
});
