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
            content: "Sent",
            trigger: ".o_notification:contains('Reminders sent')",
        },
    ],
});
