// The content plan's calendar views (month, week, day): drag a post to another
// day or hour, move it with the keyboard, select several for one action, and
// keep the modal tidy. No inline scripts (strict CSP).
"use strict";

(() => {
    const page = () => document.getElementById("calendar-page");

    // A refusal in red; `kind` "warning" for a move that went through with
    // something to know (an approved post in a month whose plan is not).
    const showAlert = (message, kind = "danger") => {
        const area = document.getElementById("plan-alert");
        if (!area) return;
        const alert = document.createElement("div");
        alert.className = `alert alert-${kind} alert-dismissible fade show`;
        alert.setAttribute("role", "alert");
        alert.textContent = message;
        const close = document.createElement("button");
        close.type = "button";
        close.className = "btn-close";
        close.setAttribute("data-bs-dismiss", "alert");
        close.setAttribute("aria-label", page().dataset.closeText);
        alert.appendChild(close);
        area.replaceChildren(alert);
    };

    const redraw = () => htmx.trigger(document.body, "planChanged");

    // Where a post moves to. The week's and the day's chips carry it; the
    // month's grid says it once for all its chips (data-move-url-of, with a
    // stand-in key), so a busy month's page does not grow by an address a post.
    const STAND_IN = "987654321";
    const moveUrlOf = (chip) => {
        if (chip.dataset.moveUrl) return chip.dataset.moveUrl;
        const grid = chip.closest("[data-move-url-of]");
        return grid ? grid.dataset.moveUrlOf.replace(STAND_IN, chip.dataset.post) : "";
    };

    // The month's chips one may move are draggable, and say that M picks
    // them up: set here for the whole grid, each time it is drawn.
    const movable = (root) => {
        const grids = root.matches && root.matches("[data-move-url-of]") ? [root] : [];
        grids.push(...(root.querySelectorAll ? root.querySelectorAll("[data-move-url-of]") : []));
        grids.forEach((grid) => {
            grid.querySelectorAll(".cp-chip").forEach((chip) => {
                chip.draggable = true;
                chip.setAttribute("aria-keyshortcuts", "M");
            });
        });
    };
    document.addEventListener("DOMContentLoaded", () => movable(document));
    document.addEventListener("htmx:load", (event) => movable(event.detail.elt));

    // A chip's date and time: its own attributes in the week and the day; in
    // the month, the day it stands in, and a time the chip does not need.
    const dateOf = (chip) => {
        if (chip.dataset.date) return chip.dataset.date;
        const cell = chip.closest("[data-drop-date]");
        return cell ? cell.dataset.dropDate : "";
    };
    const timeOf = (chip) => chip.dataset.time || "";

    // Send a move; the redraw that follows confirms it or puts the post back.
    const move = (chip, date, time) => {
        const body = new FormData();
        body.append("date", date);
        body.append("version", chip.dataset.version);
        if (time !== undefined) body.append("time", time);
        return send(moveUrlOf(chip), body);
    };

    const send = async (address, body) => {
        try {
            const response = await fetch(address, {
                method: "POST",
                body,
                credentials: "same-origin",
                headers: {
                    "X-CSRFToken": page().dataset.csrfToken,
                    Accept: "application/json",
                },
            });
            if (!response.ok) {
                // Our refusals come as JSON with a translated text; anything
                // else (a post deleted meanwhile: a page «not found») gets the
                // page's own words.
                const answer = await response.json().catch(() => null);
                showAlert((answer && answer.error) || page().dataset.failedText);
            } else {
                const answer = await response.json().catch(() => null);
                if (answer && answer.message) showAlert(answer.message, "warning");
            }
        } catch {
            showAlert(page().dataset.failedText); // the network
        }
        redraw();
    };

    // The time a post dropped on a target gets: the hour rows of the week and
    // of the day keep the post's minutes, their whole-day row clears the time,
    // other targets (a day of the month, of the day view's strip) keep the
    // time as it is.
    const timeFor = (chip, target) => {
        if (!("dropTime" in target.dataset)) return undefined;
        const hour = target.dataset.dropTime;
        if (!hour) return "";
        const minutes = timeOf(chip).split(":")[1] || "00";
        return `${hour.split(":")[0]}:${minutes}`;
    };

    const sameSlot = (chip, target) =>
        dateOf(chip) === target.dataset.dropDate &&
        (timeFor(chip, target) === undefined || timeFor(chip, target) === timeOf(chip));

    // What moves with a chip: the day view's row (its details and «Move to…»),
    // or the chip with its checkbox.
    const itemOf = (chip) => chip.closest(".cp-day-post") || chip.closest(".cp-item") || chip;

    let dragged = null;

    document.addEventListener("dragstart", (event) => {
        const chip = event.target.closest && event.target.closest(".cp-chip");
        if (!chip || !moveUrlOf(chip)) return;
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
        if (sameSlot(chip, cell)) return;
        // Show the move at once (not on the day view's strip, which only counts).
        if (cell.tagName === "TD") cell.appendChild(itemOf(chip));
        await move(chip, cell.dataset.dropDate, timeFor(chip, cell));
    });

    // --- Moving without a mouse -------------------------------------------------
    // On a post: M picks it up, the arrows choose where it lands (left and
    // right a day, up and down a week in the month, an hour in the week and
    // in the day), Enter drops it there, Escape puts it back. X ticks it for
    // bulk work.

    const announce = (text) => {
        const area = document.getElementById("plan-alert");
        if (!area) return;
        let live = area.querySelector(".cp-announce");
        if (!live) {
            live = document.createElement("div");
            live.className = "visually-hidden cp-announce";
            area.appendChild(live);
        }
        live.textContent = text;
    };

    let grabbed = null; // {chip, targets, index}, and in the day view {day}

    const targets = () => Array.from(document.querySelectorAll("[data-drop-date]"));

    // The day view: up and down choose one of the day's hours, left and right
    // one of the week's days in the strip above; the post lands on that day at
    // that hour. `day` holds both lists and where each stands.
    const dayTargets = (chip) => {
        const board = document.querySelector("[data-day-hours]");
        if (!board) return null;
        const hours = Array.from(board.querySelectorAll("[data-drop-time]"));
        if (!hours.length) return null;
        const strip = Array.from(document.querySelectorAll(".cp-strip [data-drop-date]"));
        const shown = strip.findIndex((target) => target.dataset.dropDate === board.dataset.dayHours);
        return { hours, strip, hour: startIndex(chip, hours), date: shown, shown };
    };

    // Where the keyboard would drop the post: {date, time, label}.
    const dayAim = (chip, day) => {
        const slot = day.hours[day.hour];
        const date = day.date >= 0 ? day.strip[day.date].dataset.dropDate : slot.dataset.dropDate;
        const time = timeFor(chip, slot);
        return { date, time, label: `${date} ${time || slot.closest("tr").querySelector("th").textContent.trim()}` };
    };

    const dayStep = (day, key) => {
        if (key === "ArrowUp" && day.hour > 0) day.hour -= 1;
        if (key === "ArrowDown" && day.hour < day.hours.length - 1) day.hour += 1;
        if (key === "ArrowLeft" && day.date > 0) day.date -= 1;
        if (key === "ArrowRight" && day.date >= 0 && day.date < day.strip.length - 1) day.date += 1;
    };

    const columnsOf = (list) => {
        // Targets are in reading order; a row holds as many as the first row's days.
        const row = list[0] && list[0].closest("tr");
        return row ? row.querySelectorAll("[data-drop-date]").length : list.length;
    };

    const describe = (target) => {
        const when = target.dataset.dropDate + (target.dataset.dropTime ? ` ${target.dataset.dropTime}` : "");
        return when;
    };

    const highlight = () => {
        document.querySelectorAll(".cp-key-target").forEach((cell) => cell.classList.remove("cp-key-target"));
        if (grabbed.day) {
            const { day } = grabbed;
            const slot = day.hours[day.hour];
            slot.classList.add("cp-key-target");
            if (day.date >= 0 && day.date !== day.shown) day.strip[day.date].classList.add("cp-key-target");
            slot.scrollIntoView({ block: "nearest", inline: "nearest" });
            announce(dayAim(grabbed.chip, day).label);
            return;
        }
        const target = grabbed.targets[grabbed.index];
        target.classList.add("cp-key-target");
        target.scrollIntoView({ block: "nearest", inline: "nearest" });
        announce(describe(target));
    };

    const release = () => {
        if (!grabbed) return;
        grabbed.chip.classList.remove("cp-grabbed");
        grabbed.chip.removeAttribute("aria-grabbed");
        document.querySelectorAll(".cp-key-target").forEach((cell) => cell.classList.remove("cp-key-target"));
        grabbed = null;
    };

    const startIndex = (chip, list) => {
        const home = chip.closest("[data-drop-date]");
        const found = list.indexOf(home);
        if (found >= 0) return found;
        const sameDay = list.findIndex((target) => target.dataset.dropDate === dateOf(chip));
        return sameDay >= 0 ? sameDay : 0;
    };

    const dropByKeyboard = async (moving, date, time) => {
        const postId = moving.dataset.post;
        await move(moving, date, time);
        // Keep the focus on the moved post once the board is redrawn.
        document.body.addEventListener(
            "htmx:afterSettle",
            () => {
                const again = document.querySelector(`.cp-chip[data-post="${postId}"]`);
                if (again) again.focus();
            },
            { once: true },
        );
    };

    document.addEventListener("keydown", async (event) => {
        const chip = event.target.closest && event.target.closest(".cp-chip");
        if (grabbed && grabbed.day) {
            if (event.key.startsWith("Arrow")) {
                event.preventDefault();
                dayStep(grabbed.day, event.key);
                highlight();
            } else if (event.key === "Escape") {
                event.preventDefault();
                event.stopPropagation();
                release();
                announce("");
            } else if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                const moving = grabbed.chip;
                const aim = dayAim(moving, grabbed.day);
                release();
                if (aim.date !== dateOf(moving) || aim.time !== timeOf(moving)) {
                    await dropByKeyboard(moving, aim.date, aim.time);
                }
            }
            return;
        }
        if (grabbed) {
            const list = grabbed.targets;
            const columns = columnsOf(list);
            const steps = {
                ArrowLeft: -1,
                ArrowRight: 1,
                ArrowUp: -columns,
                ArrowDown: columns,
            };
            if (event.key in steps) {
                event.preventDefault();
                const next = grabbed.index + steps[event.key];
                if (next >= 0 && next < list.length) grabbed.index = next;
                highlight();
                return;
            }
            if (event.key === "Escape") {
                event.preventDefault();
                event.stopPropagation();
                release();
                announce("");
                return;
            }
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                const { chip: moving } = grabbed;
                const target = list[grabbed.index];
                release();
                if (!sameSlot(moving, target)) {
                    await dropByKeyboard(moving, target.dataset.dropDate, timeFor(moving, target));
                }
                return;
            }
            return;
        }
        if (!chip || event.ctrlKey || event.metaKey || event.altKey) return;
        const key = event.key.toLowerCase();
        if (key === "m" && moveUrlOf(chip)) {
            event.preventDefault();
            const day = dayTargets(chip);
            if (day) {
                grabbed = { chip, day };
                chip.classList.add("cp-grabbed");
                chip.setAttribute("aria-grabbed", "true");
                highlight();
                return;
            }
            const list = targets();
            if (!list.length) return;
            grabbed = { chip, targets: list, index: startIndex(chip, list) };
            chip.classList.add("cp-grabbed");
            chip.setAttribute("aria-grabbed", "true");
            highlight();
        } else if (key === "x") {
            const box = itemOf(chip).querySelector(".cp-select");
            if (!box) return;
            event.preventDefault();
            const details = document.querySelector(".cp-bulk");
            if (details) details.open = true;
            box.checked = !box.checked;
            lastTicked = box;
            countSelected();
        }
    });

    // --- Selecting several posts ------------------------------------------------

    let lastTicked = null;

    const boxes = () => Array.from(document.querySelectorAll(".cp-select"));

    // The boxes as the calendar reads: by date, then time (a whole-day post
    // first), then as the page lists them within one slot. The week's table
    // runs hour by hour across all seven days, so the page's order would make
    // a Shift+click range jump between days.
    const whenOf = (box) => {
        const item = box.closest(".cp-item");
        const chip = item && item.querySelector(".cp-chip");
        return chip ? `${dateOf(chip)} ${timeOf(chip)}` : "";
    };

    const inCalendarOrder = () =>
        boxes()
            .map((box, index) => ({ box, index, when: whenOf(box) }))
            .sort((a, b) => (a.when < b.when ? -1 : a.when > b.when ? 1 : a.index - b.index))
            .map((entry) => entry.box);

    const countSelected = () => {
        const counter = document.querySelector("[data-testid=bulk-count]");
        if (!counter) return;
        const n = boxes().filter((box) => box.checked).length;
        counter.textContent = n ? `${counter.dataset.template} ${n}` : "";
    };

    document.addEventListener("click", (event) => {
        const box = event.target.closest && event.target.closest(".cp-select");
        if (!box) return;
        if (event.shiftKey && lastTicked && lastTicked !== box) {
            const all = inCalendarOrder();
            const [from, to] = [all.indexOf(lastTicked), all.indexOf(box)].sort((a, b) => a - b);
            if (from >= 0) all.slice(from, to + 1).forEach((other) => (other.checked = box.checked));
        }
        lastTicked = box;
        countSelected();
    });

    document.addEventListener("change", (event) => {
        if (event.target.classList && event.target.classList.contains("cp-select")) countSelected();
        if (event.target.id === "bulk-action") showBulkFields();
    });

    // The bulk form shows the field its action needs.
    const showBulkFields = () => {
        const action = document.getElementById("bulk-action");
        if (!action) return;
        document.querySelectorAll("[data-bulk-for]").forEach((field) => {
            field.hidden = field.dataset.bulkFor !== action.value;
        });
    };
    document.addEventListener("DOMContentLoaded", showBulkFields);

    // «Move to…» in the day view: without JavaScript the form posts and comes
    // back to the page; with it, the move is sent and the board redrawn.
    document.addEventListener("submit", (event) => {
        const form = event.target;
        if (!form.classList || !form.classList.contains("cp-move-form")) return;
        event.preventDefault();
        const body = new FormData(form);
        body.delete("next");
        send(form.action, body);
    });

    document.addEventListener("submit", (event) => {
        if (event.target.id !== "bulk-form") return;
        const action = document.getElementById("bulk-action");
        if (action && action.value === "delete") {
            const n = boxes().filter((box) => box.checked).length;
            if (!window.confirm(`${action.options[action.selectedIndex].text}: ${n}?`)) event.preventDefault();
        }
    });

    // A chip of the month opens its post in the modal: one handler for the
    // grid (data-chips-open) instead of htmx's and Bootstrap's attributes on
    // every chip. A click with a modifier key opens the post's page, as a link
    // does; the focus comes back to the chip when the modal closes.
    document.addEventListener("click", (event) => {
        const chip = event.target.closest && event.target.closest("[data-chips-open] a.cp-chip");
        if (!chip || event.defaultPrevented || event.button !== 0) return;
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        const modal = document.querySelector(chip.closest("[data-chips-open]").dataset.chipsOpen);
        if (!modal || !window.bootstrap) return;
        event.preventDefault();
        htmx.ajax("GET", chip.href, { source: chip, target: "#post-modal-content", swap: "innerHTML" });
        modal.addEventListener(
            "hidden.bs.modal",
            () => {
                if (chip.isConnected) chip.focus();
            },
            { once: true },
        );
        window.bootstrap.Modal.getOrCreateInstance(modal).show(chip);
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
        // A change still on its way (closed right after "Move"): keep its panel,
        // so that its answer lands and tells the calendar to redraw.
        if (content && content.querySelector(".htmx-request")) return;
        if (content && template) content.replaceChildren(template.content.cloneNode(true));
    });
})();
