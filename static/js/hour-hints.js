// The post form's suggested hours (contentplan/includes/hour_hints.html):
// the hint of the rubric chosen is shown, the others hidden, as the rubric
// changes. The hints come with the form; nothing is asked of the server.
"use strict";

(() => {
    // The form is drawn again and again in the modal, its script with it: one
    // listener on the document serves them all.
    if (window.profinfoHourHints) return;
    window.profinfoHourHints = true;

    function show(form) {
        const select = form.querySelector("select[name=rubric]");
        if (!select) return;
        for (const hint of form.querySelectorAll("[data-rubric-hint]")) {
            hint.hidden = hint.dataset.rubricHint !== select.value;
        }
    }

    document.addEventListener("change", (event) => {
        if (event.target.matches("select[name=rubric]")) {
            const form = event.target.closest("form");
            if (form) show(form);
        }
    });
})();
