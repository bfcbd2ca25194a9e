// «Скопировать текст» in a post's publication panel (loaded by htmx, so the
// handler is delegated and set up once).
(function () {
    "use strict";
    if (window.profinfoPublishing) {
        return;
    }
    window.profinfoPublishing = true;
    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-copy-target]");
        if (!button) {
            return;
        }
        var field = document.getElementById(button.dataset.copyTarget);
        if (!field) {
            return;
        }
        var done = function () {
            button.dataset.label = button.dataset.label || button.innerHTML;
            button.textContent = button.dataset.copied || "✓";
            window.setTimeout(function () {
                button.innerHTML = button.dataset.label;
            }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(field.value).then(done);
        } else {
            field.select();
            document.execCommand("copy");
            done();
        }
    });
})();
