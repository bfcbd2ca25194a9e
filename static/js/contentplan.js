// The content plan's calendar: drag a post to another day, and keep the modal
// tidy. Loaded only by the calendar page; no inline scripts (strict CSP).
"use strict";

(() => {
    const page = () => document.getElementById("calendar-page");

    const showAlert = (message) => {
        const area = document.getElementById("plan-alert");
        if (!area) return;
        const alert = document.createElement("div");
        alert.className = "alert alert-danger alert-dismissible fade show";
        alert.setAttribute("role", "alert");
        alert.textContent = message;
        const close = document.createElement("button");
        close.type = "button";
        close.className = "btn-close";
        close.setAttribute("data-bs-dismiss", "alert");
        close.setAttribute("aria-label", "×");
        alert.appendChild(close);
        area.replaceChildren(alert);
    };

    const redraw = () => htmx.trigger(document.body, "planChanged");

    let dragged = null;

    document.addEventListener("dragstart", (event) => {
        const chip = event.target.closest && event.target.closest(".cp-chip[data-move-url]");
        if (!chip) return;
        dragged = chip;
        chip.classList.add("cp-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", chip.dataset.post);
    });

    document.addEventListener("dragend", () => {
        if (dragged) dragged.classList.remove("cp-dragging");
        document.querySelectorAll(".cp-drop-target").forEach((cell) => {
            cell.classList.remove("cp-drop-target");
        });
        dragged = null;
    });

    document.addEventListener("dragover", (event) => {
        const cell = event.target.closest && event.target.closest("[data-drop-date]");
        if (!cell || !dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        document.querySelectorAll(".cp-drop-target").forEach((other) => {
            if (other !== cell) other.classList.remove("cp-drop-target");
        });
        cell.classList.add("cp-drop-target");
    });

    document.addEventListener("drop", async (event) => {
        const cell = event.target.closest && event.target.closest("[data-drop-date]");
        if (!cell || !dragged) return;
        event.preventDefault();
        const chip = dragged;
        cell.classList.remove("cp-drop-target");
        if (chip.closest("[data-drop-date]") === cell) return;
        // Show the move at once; the redraw below confirms it or puts it back.
        cell.appendChild(chip);
        const body = new FormData();
        body.append("date", cell.dataset.dropDate);
        body.append("version", chip.dataset.version);
        try {
            const response = await fetch(chip.dataset.moveUrl, {
                method: "POST",
                body,
                credentials: "same-origin",
                headers: {
                    "X-CSRFToken": page().dataset.csrfToken,
                    Accept: "application/json",
                },
            });
            const answer = await response.json();
            if (!response.ok) showAlert(answer.error);
        } catch (error) {
            showAlert(String(error));
        }
        redraw();
    });

    // After htmx swaps a panel into the modal, keep the focus inside it, so
    // that Escape closes it and a keyboard user is not thrown back to the page.
    document.addEventListener("htmx:afterSwap", (event) => {
        const modal = document.getElementById("post-modal");
        if (!modal || !modal.contains(event.detail.elt)) return;
        if (!modal.contains(document.activeElement) || document.activeElement === document.body) {
            modal.focus();
        }
    });

    // A closed modal forgets what it showed, so the next post does not flash
    // the previous one while it loads.
    document.addEventListener("hidden.bs.modal", (event) => {
        if (event.target.id !== "post-modal") return;
        const content = document.getElementById("post-modal-content");
        const template = document.getElementById("post-modal-loading");
        if (content && template) content.replaceChildren(template.content.cloneNode(true));
    });
})();
