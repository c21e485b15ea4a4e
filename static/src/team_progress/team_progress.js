/** @odoo-module **/
import { Component, onWillStart, useState, useSubEnv } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { Layout } from "@web/search/layout";
import { getDefaultConfig } from "@web/views/view";

/**
 * Team progress (issue 31): the managers a department head follows as rows,
 * the quota figures of the registry as columns, each cell done / target and
 * the percent of the target, today (daily figures) and the month so far; the
 * managers behind today first and highlighted; a total row per department in
 * units that add up (counts summed, coverage recomputed from its parts).
 * Everything comes from ``corporate.quota.progress.get_team_grid``.
 */
export class CorporateTeamProgress extends Component {
    static template = "corporate_client.TeamProgress";
    static components = { Layout };
    static props = ["*"];

    setup() {
        useSubEnv({ config: { ...getDefaultConfig(), ...this.env.config } });
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null, behindOnly: false, order: "behind" });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("corporate.quota.progress", "get_team_grid", []);
    }

    /** One column per figure and period it has cells for, in the registry's order. */
    get columns() {
        return this.state.data.figures.flatMap((figure) =>
            figure.periods.map((period) => ({ key: `${figure.key}-${period}`, figure, period }))
        );
    }

    rowsOf(department) {
        let rows = department.rows;
        if (this.state.behindOnly) {
            rows = rows.filter((row) => row.behind);
        }
        const byName = (a, b) => a.name.localeCompare(b.name);
        if (this.state.order === "name") {
            return [...rows].sort(byName);
        }
        return [...rows].sort((a, b) => Number(b.behind) - Number(a.behind) || byName(a, b));
    }

    get behindLabel() {
        return _t("%s behind today", this.state.data.behind);
    }

    todayLabel(department) {
        return _t("Today: %s", formatDate(deserializeDate(department.date)));
    }

    formatValue(figure, value) {
        const digits = Number.isInteger(value) ? 0 : 1;
        const text = formatFloat(value, { digits: [16, digits] });
        return figure.unit === "percent" ? `${text} %` : text;
    }

    formatPct(value) {
        return `${formatFloat(value, { digits: [16, Number.isInteger(value) ? 0 : 1] })} %`;
    }

    cellClass(cell) {
        if (!cell) {
            return "text-muted";
        }
        if (cell.behind) {
            return "table-danger o_corporate_team_cell_behind";
        }
        return cell.met ? "text-success" : "";
    }

    cellTitle(figure, cell) {
        if (!cell) {
            return _t("No target");
        }
        const lines = [];
        if (cell.parts && figure.parts) {
            lines.push(
                _t("%(numerator)s: %(a)s; %(denominator)s: %(b)s", {
                    numerator: figure.parts[0],
                    a: cell.parts[0],
                    denominator: figure.parts[1],
                    b: cell.parts[1],
                })
            );
        }
        if (cell.working_days !== undefined) {
            lines.push(
                _t("Days on target: %(met)s of %(days)s working days so far", {
                    met: cell.days_met,
                    days: cell.working_days,
                })
            );
        }
        if (cell.managers !== undefined && cell.behind !== undefined) {
            lines.push(_t("Behind today: %(count)s of %(managers)s", {
                count: cell.behind,
                managers: cell.managers,
            }));
        }
        return lines.join("\n") || figure.help;
    }

    openManager(row) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            name: _t("Interactions of %s", row.name),
            res_model: "corporate.interaction",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [["user_id", "=", row.user_id]],
            context: { create: false },
        });
    }
}

registry.category("actions").add("corporate_client.team_progress", CorporateTeamProgress);
