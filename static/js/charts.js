// Charts drawn in the browser from data the page carries in a JSON block
// (json_script), so no inline script is needed. Every chart's numbers are
// also on the page as a table.
//
// The data: {labels, series: [{label, data, color?, colors?, axis?, type?,
// stack?}], stacked?, horizontal?}. `type` mixes bars and lines in one chart,
// `stack` stacks bars, `colors` gives each slice of a pie its own colour,
// `horizontal` lays bars on their side (long labels such as branch names).
//
// Chart.js (210 KB) is fetched only once the page is there: this script is
// loaded `async` and adds Chart.js itself (its address in data-chartjs) after
// the load event, so neither holds up the first paint, DOMContentLoaded or load.
"use strict";

(() => {
    const chartjs = document.currentScript && document.currentScript.dataset.chartjs;
    const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997"];

    // Chromium's number data for Kazakh lacks its grouping (it writes 31,208);
    // Kazakh groups numbers as Russian does, so charts in Kazakh use that.
    const NUMBER_LOCALE = { kk: "ru" };

    function numberLocale() {
        const lang = document.documentElement.lang;
        return NUMBER_LOCALE[lang] || lang || undefined;
    }

    function build(canvas) {
        const source = document.getElementById(canvas.dataset.source);
        if (!source || typeof Chart === "undefined") {
            return;
        }
        const data = JSON.parse(source.textContent);
        const type = canvas.dataset.chart || "line";
        const round = type === "pie" || type === "doughnut";
        const twoAxes = data.series.some((series) => series.axis === "y1");
        const value = data.horizontal ? "x" : "y";
        const category = data.horizontal ? "y" : "x";
        const scales = {
            [value]: { beginAtZero: true, position: data.horizontal ? "bottom" : "left", stacked: !!data.stacked },
            [category]: { stacked: !!data.stacked },
        };
        if (twoAxes) {
            scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
        }
        // Counts (posts, followers) are whole: no «2,5 posts» on an axis.
        const whole = (series) => series.data.every((x) => x === null || Number.isInteger(x));
        data.series.forEach((series) => {
            if (whole(series)) {
                const axis = round || data.horizontal ? value : series.axis || "y";
                if (scales[axis]) {
                    scales[axis].ticks = { precision: 0 };
                }
            }
        });
        // A single measurement is a point in the middle, big enough to see,
        // not a dot lost on the axis.
        const single = data.labels.length === 1;
        if (single && !round) {
            scales[category].offset = true;
        }
        new Chart(canvas, {
            type,
            data: {
                labels: data.labels,
                datasets: data.series.map((series, index) => {
                    const colour = series.colors || series.color || palette[index % palette.length];
                    return {
                        label: series.label,
                        data: series.data,
                        type: series.type,
                        stack: series.stack,
                        yAxisID: round || data.horizontal ? undefined : series.axis || "y",
                        borderColor: series.type === "line" || type === "line" ? colour : undefined,
                        backgroundColor: colour,
                        spanGaps: true,
                        pointRadius: single ? 6 : undefined,
                        pointHoverRadius: single ? 8 : undefined,
                        tension: 0.2,
                        order: series.type === "line" ? 0 : 1,
                    };
                }),
            },
            options: {
                // Numbers grouped as in the page's language (31 208 in ru and
                // kk, 31,208 in en), as the tables beside the chart group them.
                locale: numberLocale(),
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                indexAxis: data.horizontal ? "y" : "x",
                scales: round ? {} : scales,
            },
        });
    }

    function drawAll() {
        const canvases = document.querySelectorAll("canvas[data-chart]");
        if (!canvases.length) {
            return;
        }
        if (typeof Chart !== "undefined" || !chartjs) {
            canvases.forEach(build);
            return;
        }
        const script = document.createElement("script");
        script.src = chartjs;
        script.addEventListener("load", () => canvases.forEach(build));
        // Added after the page's load event, Chart.js does not hold it up: on
        // a slow link the page is whole (its tables carry every figure) and
        // the charts come in after.
        if (document.readyState === "complete") {
            document.head.appendChild(script);
        } else {
            window.addEventListener("load", () => document.head.appendChild(script), { once: true });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", drawAll);
    } else {
        drawAll();
    }
})();
