// Charts drawn in the browser from data the page carries in a JSON block
// (json_script), so no inline script is needed. Every chart's numbers are
// also on the page as a table.
"use strict";

(() => {
    const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997"];

    function build(canvas) {
        const source = document.getElementById(canvas.dataset.source);
        if (!source || typeof Chart === "undefined") {
            return;
        }
        const data = JSON.parse(source.textContent);
        const type = canvas.dataset.chart || "line";
        const twoAxes = data.series.some((series) => series.axis === "y1");
        const scales = { y: { beginAtZero: true, position: "left" } };
        if (twoAxes) {
            scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
        }
        new Chart(canvas, {
            type,
            data: {
                labels: data.labels,
                datasets: data.series.map((series, index) => ({
                    label: series.label,
                    data: series.data,
                    yAxisID: series.axis || "y",
                    borderColor: series.color || palette[index % palette.length],
                    backgroundColor: series.color || palette[index % palette.length],
                    spanGaps: true,
                    tension: 0.2,
                })),
            },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                scales: type === "pie" || type === "doughnut" ? {} : scales,
            },
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("canvas[data-chart]").forEach(build);
    });
})();
