// Moving a post with a finger (phones, tablets): hold a post for half a
// second, slide it over a day or an hour, let go. The gesture is handed to the
// calendar's own drag and drop (contentplan.js) as the events a mouse makes,
// so a finger moves a post exactly as the mouse does: the same targets, the
// same request, the same redraw. A short touch still opens the post, a swipe
// still scrolls the page. No inline scripts (strict CSP).
"use strict";

(() => {
    const HOLD_MS = 450; // how long a finger rests on a post to pick it up
    const SLOP_PX = 10; // a finger that moves more before that is scrolling
    const EDGE_PX = 48; // near the screen's top or bottom the page scrolls
    const STEP_PX = 14;

    let pending = null; // {chip, x, y, timer}: a finger resting on a post
    let drag = null; // {chip, data, over, x, y}: a post being moved

    const fire = (type, target, data, x, y) => {
        const event = new DragEvent(type, {
            bubbles: true,
            cancelable: true,
            dataTransfer: data,
            clientX: x,
            clientY: y,
        });
        target.dispatchEvent(event);
        return event;
    };

    const forget = () => {
        if (pending) clearTimeout(pending.timer);
        pending = null;
    };

    const pickUp = () => {
        const { chip, x, y } = pending;
        pending = null;
        const data = new DataTransfer();
        fire("dragstart", chip, data, x, y);
        drag = { chip, data, over: null, x, y };
        chip.classList.add("cp-touch-drag");
        if (navigator.vibrate) navigator.vibrate(15);
    };

    const aim = (x, y) => {
        drag.x = x;
        drag.y = y;
        const under = document.elementFromPoint(x, y);
        const cell = under && under.closest("[data-drop-date]");
        drag.over = cell;
        if (cell) fire("dragover", cell, drag.data, x, y);
        else document.querySelectorAll(".cp-drop-target").forEach((c) => c.classList.remove("cp-drop-target"));
    };

    document.addEventListener(
        "touchstart",
        (event) => {
            forget();
            if (drag || event.touches.length !== 1) return;
            const chip = event.target.closest && event.target.closest(".cp-chip[draggable=true]");
            if (!chip) return;
            const touch = event.touches[0];
            pending = { chip, x: touch.clientX, y: touch.clientY, timer: setTimeout(pickUp, HOLD_MS) };
        },
        { passive: true },
    );

    document.addEventListener(
        "touchmove",
        (event) => {
            const touch = event.touches[0];
            if (pending) {
                if (Math.abs(touch.clientX - pending.x) > SLOP_PX || Math.abs(touch.clientY - pending.y) > SLOP_PX) {
                    forget();
                }
                return;
            }
            if (!drag) return;
            event.preventDefault(); // the page stays put under a post being moved
            if (touch.clientY < EDGE_PX) window.scrollBy(0, -STEP_PX);
            else if (touch.clientY > window.innerHeight - EDGE_PX) window.scrollBy(0, STEP_PX);
            aim(touch.clientX, touch.clientY);
        },
        { passive: false },
    );

    const letGo = (event, drop) => {
        forget();
        if (!drag) return;
        if (event.cancelable) event.preventDefault(); // no click: the post does not open
        const { chip, data, over, x, y } = drag;
        drag = null;
        chip.classList.remove("cp-touch-drag");
        if (drop && over) fire("drop", over, data, x, y);
        fire("dragend", chip, data, x, y);
    };

    document.addEventListener("touchend", (event) => letGo(event, true), { passive: false });
    document.addEventListener("touchcancel", (event) => letGo(event, false));

    // While a finger holds a post: no context menu, and no drag of the
    // browser's own beside ours.
    document.addEventListener("contextmenu", (event) => {
        if (pending || drag) event.preventDefault();
    });
    document.addEventListener(
        "dragstart",
        (event) => {
            if (event.isTrusted && (pending || drag)) {
                event.preventDefault();
                event.stopImmediatePropagation();
            }
        },
        true,
    );
})();
