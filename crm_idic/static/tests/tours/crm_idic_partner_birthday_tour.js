import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_idic_partner_birthday", {
    steps: () => [
        {
            content: "The contact form shows the customer's name",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Nguyễn Thị Tour')",
        },
        {
            content: "Type the birthday",
            trigger: ".o_field_widget[name='birthday'] input",
            run: "edit 11/05/1990",
        },
        {
            content: "Save the contact",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The form is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
