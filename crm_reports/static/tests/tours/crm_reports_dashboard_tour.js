import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_reports_dashboard", {
    steps: () => [
        {
            content: "The dashboard shows the company's figures",
            trigger: ".o_crm_dashboard .o_crm_dashboard_tile_revenue .o_crm_dashboard_value",
        },
        {
            content: "Charts are drawn",
            trigger: ".o_crm_dashboard .o_crm_dashboard_chart canvas",
        },
        {
            content: "Switch to the year",
            trigger: ".o_crm_dashboard_period_year",
            run: "click",
        },
        {
            content: "The year is shown",
            trigger: ".o_crm_dashboard_period_year.active",
        },
        {
            content: "Drill down to the confirmed orders",
            trigger: ".o_crm_dashboard_tile_orders",
            run: "click",
        },
        {
            content: "The orders list opens",
            trigger: ".o_list_view",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button, .breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "The dashboard again",
            trigger: ".o_crm_dashboard .o_crm_dashboard_tile_orders",
        },
    ],
});

registry.category("web_tour.tours").add("crm_reports_dashboard_vi", {
    steps: () => [
        {
            content: "A Vietnamese user reads the growth with a decimal comma",
            trigger: ".o_crm_dashboard .o_crm_dashboard_tile_revenue .o_crm_dashboard_growth:contains(',')",
        },
    ],
});
