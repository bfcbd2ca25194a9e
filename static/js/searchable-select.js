// Long drop-down lists (a chair's 150 organisations, every branch of a region)
// can be searched by typing: Tom Select (static/vendor/tom-select) takes over
// every single-choice <select> with more than SEARCHABLE_FROM options, or one
// marked data-searchable. The <select> stays in the form, so posting, the
// data-autosubmit filters and the tests see the same field. No inline script.
"use strict";

(() => {
    const SEARCHABLE_FROM = 20;

    function wanted(select) {
        if (select.multiple || select.tomselect || "noSearch" in select.dataset) {
            return false;
        }
        return "searchable" in select.dataset || select.options.length > SEARCHABLE_FROM;
    }

    function enhance(select) {
        if (typeof TomSelect === "undefined" || !wanted(select)) {
            return;
        }
        const none = document.body.dataset.searchNone || "";
        new TomSelect(select, {
            create: false,
            allowEmptyOption: true,
            maxOptions: null,
            controlInput: "<input>",
            render: {
                no_results: () => {
                    const row = document.createElement("div");
                    row.className = "no-results";
                    row.textContent = none;
                    return row;
                },
            },
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("select").forEach(enhance);
    });

    // htmx may refill a select's options (the organisations of a branch): the
    // search list is built again from the new options.
    document.addEventListener("htmx:afterSwap", (event) => {
        const select = event.detail.target;
        if (!(select instanceof HTMLSelectElement)) {
            return;
        }
        if (select.tomselect) {
            const options = select.innerHTML;
            select.tomselect.destroy();
            select.innerHTML = options;
        }
        enhance(select);
    });
})();
