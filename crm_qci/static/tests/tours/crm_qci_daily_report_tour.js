import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_qci_daily_report", {
    steps: () => [
        {
            content: "Start a new daily report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Tell what the day was",
            trigger: ".o_field_widget[name='notes'] .odoo-editor-editable",
            run: "editor Gặp 3 khách hàng, gửi 2 báo giá.",
        },
        {
            content: "Open the plan for tomorrow",
            trigger: ".o_notebook .nav-link[name='plan']",
            run: "click",
        },
        {
            content: "Add a plan line",
            trigger: ".o_field_widget[name='plan_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='plan_line_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Gọi lại Công ty Sao Việt",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Submit the report",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});
