/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The director's landing page (issue 19): departments × key figures (done /
 * target / percent of each department, figures of the registry added up by
 * ``corporate.progress._group_progress``, never across figures), the monthly
 * reports waiting for approval, substitutions and attestations due.
 */
export class CorporateOverview extends Component {
    static template = "corporate_client.Overview";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(async () => {
            this.state.data = await this.orm.call("corporate.work.queue", "get_overview", []);
        });
    }

    formatDate(value) {
        return formatDate(deserializeDate(value));
    }

    open(resModel, resId) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    openAction(xmlid) {
        this.actionService.doAction(xmlid);
    }
}

registry.category("actions").add("corporate_client.overview", CorporateOverview);
