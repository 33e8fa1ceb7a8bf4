import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_care_ticket_from_order", {
    steps: () => [
        {
            content: "From the confirmed order, open a new ticket",
            trigger: "button[name='action_new_care_ticket']",
            run: "click",
        },
        {
            content: "The ticket is about the order",
            trigger: ".o_form_view .o_field_widget[name='sale_order_id'] input",
        },
        {
            content: "Choose the type",
            trigger: ".o_field_widget[name='ticket_type_id'] input",
            run: "edit Quality",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Quality complaint')",
            run: "click",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Answer the customer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit Chúng tôi sẽ đến kiểm tra vào ngày mai.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the thread",
            trigger: ".o-mail-Message:contains('Chúng tôi sẽ đến kiểm tra')",
        },
        {
            content: "Solve the ticket",
            trigger: ".o_statusbar_status button:contains('Solved')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Solved')",
        },
        {
            content: "Save what the description editor may have touched",
            trigger: ".o_form_view",
            run() {
                const save = document.querySelector(
                    ".o_form_status_indicator_buttons:not(.invisible) .o_form_button_save"
                );
                if (save) {
                    save.click();
                }
            },
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// An agent waits for the customer; the customer's answer (by mail) resumes the
// ticket; the agent solves it; later the agent sees the customer's rating.
registry.category("web_tour.tours").add("crm_care_agent_waits", {
    steps: () => [
        {
            content: "Ask the customer and wait for the answer",
            trigger: ".o_statusbar_status button:contains('Waiting for customer')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Waiting for customer')",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("crm_care_agent_sees_the_reply_and_solves", {
    steps: () => [
        {
            content: "The customer's answer put the ticket back in progress",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In progress')",
        },
        {
            content: "The customer's answer is in the thread",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Khách Chờ')",
        },
        {
            content: "Solve the ticket",
            trigger: ".o_statusbar_status button:contains('Solved')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Solved')",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("crm_care_agent_sees_the_rating", {
    steps: () => [
        {
            content: "The customer's rating shows on the ticket",
            trigger: ".o_notebook a:contains('Resolution')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='rating_last_text']:contains('Happy')",
        },
        {
            trigger: ".o_field_widget[name='rating_last_feedback']:contains('Rất nhanh')",
        },
    ],
});
