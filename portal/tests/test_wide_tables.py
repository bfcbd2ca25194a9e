"""Every column of every table is within reach, on a laptop and on a phone, and
no page scrolls sideways (issue 32, 3).

The pages are every page shape of every role, as the accessibility test finds
them over the demo. At 1366×768 and at 390×844 each table's header cells are
brought into view one by one, as a person scrolling the table would, and each
must then be on screen and not covered (by the sticky first column or by
anything else). A table wider than its box keeps its first column in view
while it scrolls, and shows a cue that it goes on; «Рубрики по месяцам» opens
with the current month in view.
"""

from __future__ import annotations

from django.test import Client

from .test_accessibility import ROLES, _demo_world, _shapes

VIEWPORTS = ({"width": 1366, "height": 768}, {"width": 390, "height": 844})

# Run in the page: what keeps a column out of reach, in words.
CHECK = """() => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
        problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
    }
    if (document.documentElement.scrollWidth > width + 1) {
        // What sticks out first: an element wider than the page whose parent is not.
        const out = Array.from(document.body.querySelectorAll("*")).filter(
            (element) =>
                element.getBoundingClientRect().right > width + 1 &&
                element.parentElement.getBoundingClientRect().right <= width + 1
        );
        problems.push(`sticking out: ${out.slice(0, 3).map((e) => e.outerHTML.slice(0, 120))}`);
    }
    // Tables on screen (not in a closed <details>, a hidden tab or a dialog).
    const tables = Array.from(document.querySelectorAll("table")).filter(
        (table) => table.checkVisibility() && !table.closest(".modal")
    );
    tables.forEach((table, index) => {
        const name = table.dataset.testid || `table ${index + 1}`;
        const header = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : table.rows[0];
        if (!header) {
            return;
        }
        const box = table.closest(".table-responsive");
        const cells = Array.from(header.cells);
        const grid = table.matches(".cp-month, .cp-week");
        if (box && box.scrollWidth > box.clientWidth + 1 && !grid) {
            // The cue names each way the box can still scroll, as it opens.
            const left = box.scrollLeft > 1;
            const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
            const more = left && right ? "both" : left ? "left" : "right";
            if (box.dataset.more !== more) {
                problems.push(`${name}: wider than its box, with no cue that it goes on`);
            }
            if (box.tabIndex < 0) {
                problems.push(`${name}: scrolls, but not with the keyboard`);
            }
        }
        cells.forEach((cell, column) => {
            if (box) {
                // Just right of the first column, or as far as the box goes.
                // (Not offsetLeft: a sticky header cell measures that from the page.)
                const start =
                    cell.getBoundingClientRect().left -
                    box.getBoundingClientRect().left +
                    box.scrollLeft;
                box.scrollLeft = column === 0 ? 0 : start - cells[0].offsetWidth;
            }
            cell.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
            const rect = cell.getBoundingClientRect();
            const x = Math.min(rect.left + rect.width / 2, rect.right - 2);
            const y = rect.top + Math.min(rect.height / 2, 10);
            const hit = document.elementFromPoint(x, y);
            const label = `${name}, column ${column + 1} «${cell.textContent.trim()}»`;
            if (rect.left < -1 || rect.right > width + 1) {
                const span = `${Math.round(rect.left)}–${Math.round(rect.right)} px`;
                problems.push(`${label}: off screen (${span})`);
            } else if (!hit || !(hit === cell || cell.contains(hit))) {
                const cover = hit ? hit.outerHTML.slice(0, 80) : "nothing";
                problems.push(`${label}: covered by ${cover}`);
            }
            if (box && !grid && column > 0 && box.scrollLeft > 0) {
                const first = cells[0].getBoundingClientRect();
                const left = box.getBoundingClientRect().left;
                if (Math.abs(first.left - left) > 2) {
                    problems.push(`${name}: the first column scrolls away with the rest`);
                }
            }
        });
        if (box) {
            box.scrollLeft = 0;
        }
    });
    return problems;
}"""

# Run in the page as it opens: is the current month's column in view?
CURRENT_MONTH = """(table) => {
    const box = table.closest(".table-responsive");
    const label = box.dataset.currentMonth;
    const cells = Array.from(table.tHead.rows[0].cells);
    const cell = cells.find((th) => th.textContent.trim() === label);
    if (!cell) {
        return `no column ${label}`;
    }
    const rect = cell.getBoundingClientRect();
    const area = box.getBoundingClientRect();
    const first = cells[0].getBoundingClientRect();
    if (rect.left >= first.right - 1 && rect.right <= area.right + 1) {
        return "";
    }
    const span = `${Math.round(rect.left)}–${Math.round(rect.right)}`;
    return `column ${label} at ${span}, the box ends at ${Math.round(area.right)}`;
}"""


def test_every_column_of_every_table_is_within_reach(
    transactional_db, settings, browser, live_server
):
    settings.DEBUG = True  # the demo's people exist only in the embedded default
    world = _demo_world()
    settings.DEBUG = False
    clients = {role: Client() for role in ROLES}
    for role in ROLES:
        if role != "anonymous":
            clients[role].force_login(
                world.users[role], backend="portal.backends.ScopedModelBackend"
            )
    shapes = _shapes(world, clients)

    failures, tables, rubric_grids = [], 0, 0
    for viewport in VIEWPORTS:
        for role in ROLES:
            # Bootstrap scrolls smoothly unless motion is reduced: the cells are
            # measured where a scroll puts them, not on the way there.
            context = browser.new_context(
                base_url=live_server.url, viewport=viewport, reduced_motion="reduce"
            )
            context.set_default_timeout(15_000)
            if role != "anonymous":
                session = clients[role].cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": session,
                            "url": live_server.url,
                        }
                    ]
                )
            page = context.new_page()
            for who, address in shapes.values():
                if who != role:
                    continue
                page.goto(address)
                page.wait_for_load_state("load")
                where = f"{viewport['width']}×{viewport['height']} {role} {address}"
                # «Рубрики по месяцам» (the reach page's «rubrics» is not by month).
                grid = page.locator("[data-testid=table-rubrics]")
                if grid.count() and "/reach/" not in address:
                    rubric_grids += 1
                    problem = grid.evaluate(CURRENT_MONTH)
                    if problem:
                        failures.append(f"{where}: «Рубрики по месяцам»: {problem}")
                tables += page.locator("table").count()
                failures += [f"{where}: {problem}" for problem in page.evaluate(CHECK)]
            context.close()
    assert tables > 50 and rubric_grids >= 2, (tables, rubric_grids)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
