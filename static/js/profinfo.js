// Small behaviours of Profinfo's pages. No inline scripts anywhere: the
// Content-Security-Policy allows scripts from our own origin only.
"use strict";

// A table wider than its box scrolls inside it (the page never scrolls
// sideways). The box says which way there is more (data-more="right", "left"
// or "both"), and the stylesheet fades that edge and shadows the sticky first
// column: a visible cue that the table goes on.
const WIDE = ".table-responsive, .dashboard-table";

function markMore(box) {
    const left = box.scrollLeft > 1;
    const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    const more = left && right ? "both" : left ? "left" : right ? "right" : "";
    if (more) {
        box.dataset.more = more;
        // A box that scrolls takes the keyboard's focus, to scroll it with the
        // arrows (WCAG 2.1.1).
        if (!box.hasAttribute("tabindex")) {
            box.tabIndex = 0;
        }
    } else {
        delete box.dataset.more;
    }
}

// Where a cell starts in its box's scrolled content. (Not offsetLeft: a
// sticky header cell measures that from the page.)
function leftIn(box, cell) {
    return cell.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
}

// The current month's column (the box names it in data-current-month) is in
// view when the page opens, just right of the sticky first column.
function showCurrentMonth(box) {
    const label = box.dataset.currentMonth;
    if (!label) {
        return;
    }
    const cell = Array.from(box.querySelectorAll("thead th")).find(
        (th) => th.textContent.trim() === label
    );
    const first = box.querySelector("thead th");
    if (!cell || cell === first) {
        return;
    }
    // Its right edge clear of the faded edge, its left edge clear of the
    // sticky first column.
    const fade = 48;
    const start = leftIn(box, cell);
    const target = start + cell.offsetWidth + fade - box.clientWidth;
    if (target > box.scrollLeft) {
        box.scrollLeft = Math.min(target, start - first.offsetWidth);
    }
}

function watchWide(root) {
    root.querySelectorAll(WIDE).forEach((box) => {
        if (box.dataset.watched) {
            return;
        }
        box.dataset.watched = "1";
        showCurrentMonth(box);
        markMore(box);
        box.addEventListener("scroll", () => markMore(box), { passive: true });
    });
}

document.addEventListener("DOMContentLoaded", () => {
    // Filter forms marked data-autosubmit apply a choice as soon as it is made.
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
        form.querySelectorAll("select").forEach((select) => {
            select.addEventListener("change", () => form.requestSubmit());
        });
    });
    watchWide(document);
    window.addEventListener("resize", () => document.querySelectorAll(WIDE).forEach(markMore));
});
// Tables that htmx brings into a page.
document.addEventListener("htmx:afterSettle", (event) => watchWide(event.target));
