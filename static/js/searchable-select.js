// Long drop-down lists (a chair's 150 organisations, every branch of a region)
// can be searched by typing: Tom Select (static/vendor/tom-select) takes over
// every single-choice <select> with more than SEARCHABLE_FROM options, or one
// marked data-searchable. The <select> stays in the form, so posting, the
// data-autosubmit filters and the tests see the same field. No inline script.
// Tom Select itself (about 20 KB) is fetched only by a page that has such a
// select; its addresses are on this script's tag (data-script, data-style).
"use strict";

(() => {
    const SEARCHABLE_FROM = 20;
    const tag = document.currentScript;
    let loading = null;

    function loadTomSelect() {
        if (typeof TomSelect !== "undefined") {
            return Promise.resolve();
        }
        if (!loading) {
            loading = new Promise((resolve, reject) => {
                const style = document.createElement("link");
                style.rel = "stylesheet";
                style.href = tag.dataset.style;
                document.head.appendChild(style);
                const script = document.createElement("script");
                script.src = tag.dataset.script;
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    function wanted(select) {
        if (select.multiple || select.tomselect || "noSearch" in select.dataset) {
            return false;
        }
        return "searchable" in select.dataset || select.options.length > SEARCHABLE_FROM;
    }

    function enhance(select) {
        if (!wanted(select)) {
            return;
        }
        loadTomSelect().then(() => build(select), () => {});
    }

    function build(select) {
        if (select.tomselect) {
            return;
        }
        const none = document.body.dataset.searchNone || "";
        const control = new TomSelect(select, {
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
        // Tom Select moves the field's label to its own input; the <select>
        // it hides stays in the form only, unnamed: out of the screen
        // reader's way too (axe: select-name).
        if (control.wrapper) {
            select.setAttribute("aria-hidden", "true");
        }
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
