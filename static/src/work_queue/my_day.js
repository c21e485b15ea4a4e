/** @odoo-module **/
import { Component, onMounted, onPatched, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * My day (issue 19): the quota bars and the work queue of the account
 * manager, with the queues of the managers they substitute.  Rows and bars
 * come from ``corporate.work.queue.get_my_day``; every action reloads both,
 * so a logged call moves the bars at once and its row leaves the queue.
 * Labels, units and numbers of the bars come formatted from the server, in
 * the user's language (the figures registry, ``corporate.figure``).
 */
export class CorporateMyDay extends Component {
    static template = "corporate_client.MyDay";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.notification = useService("notification");
        this.root = useRef("root");
        this.state = useState({ data: null, snoozeKey: false, snoozeDate: "", focusFirst: false });
        onWillStart(() => this.load());
        onMounted(() => this.focusFirstRow());
        onPatched(() => this.focusFirstRow());
    }

    async load() {
        this.state.data = await this.orm.call("corporate.work.queue", "get_my_day", []);
    }

    get sections() {
        const data = this.state.data;
        return [
            { key: "own", title: _t("Work queue"), rows: data.rows, own: true },
            ...data.substitutes.map((sub) => ({
                key: `sub-${sub.user_id}`,
                title: _t("Queue of %s (you substitute)", sub.name),
                rows: sub.rows,
                own: false,
            })),
        ];
    }

    get periods() {
        return [
            { key: "day", label: _t("Today") },
            { key: "month", label: _t("This month") },
        ];
    }

    barsOf(period) {
        return this.state.data.bars.filter((bar) => bar.period === period);
    }

    formatDue(row) {
        return formatDate(deserializeDate(row.due));
    }

    focusFirstRow() {
        if (!this.state.focusFirst || !this.root.el) {
            return;
        }
        this.state.focusFirst = false;
        const first = this.root.el.querySelector(".o_corporate_queue_row .o_corporate_queue_log_call");
        if (first) {
            first.focus();
        }
    }

    async afterAction() {
        this.state.snoozeKey = false;
        await this.load();
        this.state.focusFirst = true;
    }

    async logInteraction(row, interactionType) {
        const action = await this.orm.call("corporate.work.queue", "action_log", [
            row.key,
            row.client_id,
            interactionType,
        ]);
        await this.actionService.doAction(action, { onClose: () => this.afterAction() });
    }

    openSnooze(row) {
        const tomorrow = luxon.DateTime.local().plus({ days: 1 });
        this.state.snoozeKey = row.key;
        this.state.snoozeDate = tomorrow.toISODate();
    }

    async confirmSnooze(row) {
        await this.orm.call("corporate.work.queue", "action_snooze", [row.key, this.state.snoozeDate]);
        this.notification.add(
            _t("%(client)s snoozed until %(date)s.", {
                client: row.client_name,
                date: formatDate(deserializeDate(this.state.snoozeDate)),
            }),
            { type: "info" }
        );
        await this.afterAction();
    }

    openCard(row) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "corporate.client",
            res_id: row.client_id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("corporate_client.my_day", CorporateMyDay);
