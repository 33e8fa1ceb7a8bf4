import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_idic_customer_segment", {
    steps: () => [
        {
            content: "Open the IDIC tab of the customer",
            trigger: ".o_notebook .nav-link[name='idic']",
            run: "click",
        },
        {
            content: "The tab shows the tier and the score explained",
            trigger: ".o_notebook .o_idic_explanation:contains('Identify')",
        },
        {
            content: "The forecast says how likely the customer still buys (one recent order: 100 %)",
            trigger: ".o_field_widget[name='idic_probability_alive']:contains('100')",
        },
        {
            content: "The customer belongs to its segment",
            trigger: ".o_field_widget[name='idic_segment_id']:contains('Tour VIP segment')",
        },
        {
            content: "Open the customer's sales",
            trigger: ".oe_stat_button[name='sale.act_res_partner_2_sale_order']",
            run: "click",
        },
        {
            content: "Open the quotation",
            trigger: ".o_list_view .o_data_row .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The quotation shows the segment's suggestion",
            trigger: ".o_field_widget[name='idic_suggestion']:contains('Offer the tour discount')",
        },
        {
            content: "Apply the segment's pricelist",
            trigger: "button[name='action_idic_apply_segment']",
            run: "click",
        },
        {
            content: "The pricelist is applied: the button is gone",
            trigger: ".o_form_view .o_form_saved:not(:has(button[name='action_idic_apply_segment']))",
        },
    ],
});
