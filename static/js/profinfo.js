// Small behaviours of Profinfo's pages. No inline scripts anywhere: the
// Content-Security-Policy allows scripts from our own origin only.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
    // Filter forms marked data-autosubmit apply a choice as soon as it is made.
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
        form.querySelectorAll("select").forEach((select) => {
            select.addEventListener("change", () => form.requestSubmit());
        });
    });
});
