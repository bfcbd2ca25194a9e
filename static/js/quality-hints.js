// Hints about photos and text while the chair fills in the material, before
// sending. The same checks as contentplan/photos.py (hints_of, text_hints):
// short side under the minimum, mean grey level too low, too little edge
// detail on a copy at most 512 px. Advice only: nothing is refused here.
"use strict";

(() => {
    const GREY = (r, g, b) => (r * 299 + g * 587 + b * 114) / 1000;

    function stats(values) {
        let sum = 0;
        for (const v of values) sum += v;
        const mean = sum / values.length;
        let squares = 0;
        for (const v of values) squares += (v - mean) * (v - mean);
        return { mean, variance: squares / values.length };
    }

    async function photoHints(file, limits) {
        const bitmap = await createImageBitmap(file);
        const hints = [];
        if (Math.min(bitmap.width, bitmap.height) < limits.minSide) hints.push("lowResolution");
        const scale = Math.min(1, 512 / Math.max(bitmap.width, bitmap.height));
        const width = Math.max(1, Math.round(bitmap.width * scale));
        const height = Math.max(1, Math.round(bitmap.height * scale));
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(bitmap, 0, 0, width, height);
        const rgba = context.getImageData(0, 0, width, height).data;
        const grey = new Float32Array(width * height);
        for (let i = 0; i < grey.length; i += 1) {
            grey[i] = GREY(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
        }
        if (stats(grey).mean < limits.dark) hints.push("tooDark");
        // Pillow's FIND_EDGES: 8 times the pixel minus its 8 neighbours, clipped to 0–255.
        const edges = [];
        for (let y = 1; y < height - 1; y += 1) {
            for (let x = 1; x < width - 1; x += 1) {
                let value = 8 * grey[y * width + x];
                for (let dy = -1; dy <= 1; dy += 1) {
                    for (let dx = -1; dx <= 1; dx += 1) {
                        if (dx || dy) value -= grey[(y + dy) * width + x + dx];
                    }
                }
                edges.push(Math.min(255, Math.max(0, value)));
            }
        }
        if (edges.length && stats(edges).variance < limits.blur) hints.push("blurred");
        return hints;
    }

    function setUp(box) {
        const form = box.closest("form");
        const input = form.querySelector("input[type=file][name=photos]");
        const text = form.querySelector("textarea[name=text]");
        const limits = {
            minSide: Number(box.dataset.minSide),
            dark: Number(box.dataset.dark),
            blur: Number(box.dataset.blur),
            minText: Number(box.dataset.minText),
        };
        let photoLines = [];

        function show() {
            const lines = [...photoLines];
            if (text && text.value.trim() && text.value.trim().length < limits.minText) {
                lines.push(box.dataset.shortText);
            }
            box.replaceChildren();
            if (!lines.length) {
                box.classList.add("d-none");
                return;
            }
            const title = document.createElement("div");
            title.className = "fw-semibold";
            title.textContent = box.dataset.title;
            const list = document.createElement("ul");
            list.className = "mb-0";
            for (const line of lines) {
                const item = document.createElement("li");
                item.textContent = line;
                list.append(item);
            }
            box.append(title, list);
            box.classList.remove("d-none");
        }

        if (input) {
            input.addEventListener("change", async () => {
                const lines = [];
                for (const file of input.files) {
                    try {
                        const hints = await photoHints(file, limits);
                        for (const hint of hints) lines.push(`${file.name}: ${box.dataset[hint]}`);
                    } catch {
                        // Not an image the browser can read: the server will say why.
                    }
                }
                photoLines = lines;
                show();
            });
        }
        if (text) text.addEventListener("input", show);
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("[data-quality-hints]").forEach(setUp);
    });
    // photo-upload.js put the server's answer (with errors) into the form.
    document.addEventListener("profinfo:form-replaced", (event) => {
        event.detail.querySelectorAll("[data-quality-hints]").forEach(setUp);
    });
})();
