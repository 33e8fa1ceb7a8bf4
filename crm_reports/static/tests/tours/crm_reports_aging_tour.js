import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_reports_aging", {
    steps: () => [
        {
            content: "Show the aging at today",
            trigger: "button[name='action_compute']",
            run: "click",
        },
        {
            content: "Drill down to the customer's invoices",
            trigger: ".o_data_row:contains('Aging Tour Customer') button[name='action_open_items']",
            run: "click",
        },
        {
            content: "The customer's receivable items",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Back to the aging",
            trigger: ".o_breadcrumb .o_back_button, .breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "Send the customer a reminder",
            trigger: ".o_data_row:contains('Aging Tour Customer') button[name='action_send_reminder']",
            run: "click",
        },
        {
            content: "The customer's reminder run opens for review",
            trigger: ".o_form_view .o_field_one2many .o_data_row:contains('Aging Tour Customer')",
        },
        {
            content: "Validate and send",
            trigger: "button[name='action_validate']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Validated",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Validated')",
        },
    ],
});
