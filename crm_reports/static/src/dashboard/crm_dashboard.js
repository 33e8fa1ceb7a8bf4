import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";
import { formatCurrency } from "@web/core/currency";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { formatInteger } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * One Chart.js chart; clicking a bar or slice calls onPointClick(index).
 */
export class CrmDashboardChart extends Component {
    static template = "crm_reports.DashboardChart";
    static props = {
        type: String,
        labels: Array,
        values: Array,
        label: String,
        onPointClick: { type: Function, optional: true },
        formatValue: { type: Function, optional: true },
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        useEffect(
            () => {
                this.renderChart();
            },
            () => [this.props.labels, this.props.values]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        this.chart?.destroy();
        const round = this.props.type === "doughnut";
        const colors = this.props.values.map((_, index) => getColor(round ? index + 1 : 3));
        this.chart = new Chart(this.canvasRef.el, {
            type: this.props.type,
            data: {
                labels: this.props.labels,
                datasets: [
                    {
                        label: this.props.label,
                        data: this.props.values,
                        backgroundColor: colors,
                        borderWidth: round ? 1 : 0,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: {
                    legend: { display: round, position: "right" },
                    tooltip: {
                        callbacks: {
                            label: (item) =>
                                `${item.label}: ${
                                    this.props.formatValue
                                        ? this.props.formatValue(item.raw)
                                        : item.raw
                                }`,
                        },
                    },
                },
                scales: round
                    ? {}
                    : { y: { beginAtZero: true, ticks: { callback: (value) => formatInteger(value) } } },
                onClick: (event, elements) => {
                    if (elements.length && this.props.onPointClick) {
                        this.props.onPointClick(elements[0].index);
                    }
                },
            },
        });
    }
}

export class CrmDashboard extends Component {
    static template = "crm_reports.Dashboard";
    static components = { Layout, CrmDashboardChart };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.periods = [
            ["month", _t("This month")],
            ["quarter", _t("This quarter")],
            ["year", _t("This year")],
        ];
        this.state = useState({ period: "month", data: null });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        this.state.data = await this.orm.call("crm.reports.dashboard", "get_dashboard_data", [
            this.state.period,
        ]);
    }

    async setPeriod(period) {
        this.state.period = period;
        await this.load();
    }

    get scopeLabel() {
        return {
            company: _t("Whole company"),
            team: _t("My teams"),
            own: _t("My figures"),
        }[this.state.data.scope];
    }

    get periodLabel() {
        const { date_from, date_to } = this.state.data;
        return `${formatDate(deserializeDate(date_from))} – ${formatDate(deserializeDate(date_to))}`;
    }

    money(amount) {
        return formatCurrency(amount || 0, this.state.data.currency_id);
    }

    tileValue(tile) {
        return tile.kind === "money" ? this.money(tile.value) : formatInteger(tile.value);
    }

    /** A figure with one decimal as the user writes numbers (43,4 in Vietnamese). */
    decimal(value) {
        return formatFloat(value, { digits: [false, 1] });
    }

    open(model, domain, name) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    openTile(tile) {
        return this.open(tile.model, tile.domain, tile.label);
    }

    openRevenueMonth(index) {
        const chart = this.state.data.revenue_chart;
        return this.open(chart.model, chart.domains[index], chart.labels[index]);
    }

    openTier(index) {
        const chart = this.state.data.tier_chart;
        return this.open(chart.model, chart.domains[index], chart.labels[index]);
    }

    openCustomer(customer) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: customer.id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openAging() {
        return this.action.doAction("crm_reports.crm_reports_aging_wizard_action");
    }
}

registry.category("actions").add("crm_reports.dashboard", CrmDashboard);
