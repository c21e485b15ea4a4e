import { browser } from "@web/core/browser/browser";
import { WarningDialog } from "@web/core/errors/error_dialogs";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { FormController } from "@web/views/form/form_controller";
import { onError } from "@odoo/owl";

/**
 * A client record that the user may not open (a colleague's card opened by its
 * URL) fails to load: Odoo shows the access error, but when the form was the
 * first thing on screen, nothing is left behind the dialog. Open the action's
 * first view instead, and show the error again on top of it, so that the page
 * stays usable.
 */
patch(FormController.prototype, {
    setup() {
        super.setup(...arguments);
        const actionService = useService("action");
        const dialogService = useService("dialog");
        onError((error) => {
            const data = error.cause?.data;
            const isAccessError = data?.name === "odoo.exceptions.AccessError";
            const isCorporate = this.props.resModel?.startsWith("corporate.");
            const nothingShown = !document.querySelector(".o_action_manager > *");
            if (isAccessError && isCorporate && nothingShown && !this.env.inDialog) {
                const fallback = this.env.config?.actionId || {
                    type: "ir.actions.act_window",
                    res_model: this.props.resModel,
                    views: [
                        [false, "list"],
                        [false, "form"],
                    ],
                    target: "current",
                };
                // Show the error once the action is there, alone: Odoo's own
                // dialog of this error may come before or while it opens.
                browser.setTimeout(async () => {
                    await actionService.doAction(fallback, { clearBreadcrumbs: true });
                    dialogService.closeAll();
                    dialogService.add(WarningDialog, {
                        exceptionName: data.name,
                        message: data.message,
                        data,
                    });
                });
            }
            throw error;
        });
    },
});
