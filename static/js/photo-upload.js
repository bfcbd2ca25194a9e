// Sending a material from a phone on a weak network (issue 17).
//
// Before sending, each photo larger than the limit (2560 px on the long side)
// is made smaller here, as a JPEG of quality 0.85 with the camera's
// orientation applied; a smaller photo is sent as it is. The form is sent by
// XMLHttpRequest, which reports the upload's progress: one bar for the whole
// material and one for each photo. When the connection drops, nothing on the
// page is lost and «Send again» sends the same data again; the form's hidden
// key makes the server answer a repeat with the material it already saved.
// Without JavaScript (or without createImageBitmap) the form is sent as usual.
"use strict";

(() => {
    const QUALITY = 0.85;
    // Bytes of a part's own headers in a multipart body, roughly: enough to
    // tell which photo the upload is in.
    const PART_HEADERS = 200;

    function canReduce() {
        return "createImageBitmap" in window && "FormData" in window && "XMLHttpRequest" in window;
    }

    async function reduced(file, maxSide) {
        if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return file; // the server says why
        let bitmap;
        try {
            bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
        } catch {
            return file; // not readable here: the server judges it
        }
        const longest = Math.max(bitmap.width, bitmap.height);
        if (longest <= maxSide) {
            bitmap.close();
            return file;
        }
        const scale = maxSide / longest;
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        const context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // a transparent PNG becomes a JPEG on white
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.imageSmoothingQuality = "high";
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
        canvas.width = 0; // let the phone have its memory back at once
        canvas.height = 0;
        if (!blob || blob.size >= file.size) return file;
        const name = file.name.replace(/\.[^./]*$/, "") + ".jpg";
        return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
    }

    // «2,4 МБ» in Russian and Kazakh, «2.4 MB» in English: the unit comes
    // from the page (data-megabytes), the decimal sign from its language.
    function megabytes(bytes) {
        const language = document.documentElement.lang || "ru";
        return (bytes / 1024 / 1024).toLocaleString(language, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
        });
    }

    function setBar(bar, fraction) {
        const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
        bar.setAttribute("aria-valuenow", String(percent));
        bar.firstElementChild.style.width = `${percent}%`;
    }

    function newBar(label, testId) {
        const bar = document.createElement("div");
        bar.className = "progress";
        bar.setAttribute("role", "progressbar");
        bar.setAttribute("aria-label", label);
        bar.setAttribute("aria-valuemin", "0");
        bar.setAttribute("aria-valuemax", "100");
        bar.setAttribute("aria-valuenow", "0");
        bar.dataset.testid = testId;
        const fill = document.createElement("div");
        fill.className = "progress-bar";
        fill.style.width = "0%";
        bar.append(fill);
        return bar;
    }

    function setUp(form) {
        // Looked up each time: the server's answer with errors replaces the form's insides.
        const status = () => form.querySelector("[data-upload-status]");
        const part = (name) => status().querySelector(`[data-upload-${name}]`);
        let busy = false;
        let prepared = null; // {data, photos: [{file, bar}]}, kept for «Send again»

        function buttons(disabled) {
            form.querySelectorAll("button").forEach((button) => {
                button.disabled = disabled;
            });
        }

        async function prepare() {
            const input = form.querySelector("input[type=file][name=photos]");
            const data = new FormData(form);
            const complete = data.get("complete");
            data.delete("photos");
            data.delete("complete");
            const photos = [];
            const list = part("photos");
            list.replaceChildren();
            part("text").textContent = status().dataset.preparing;
            for (const original of input ? input.files : []) {
                const file = await reduced(original, Number(status().dataset.maxSide));
                data.append("photos", file, file.name);
                const item = document.createElement("li");
                item.className = "mb-1";
                item.dataset.testid = "upload-photo";
                item.dataset.bytes = String(file.size);
                const label = document.createElement("div");
                label.textContent = `${original.name} — ${megabytes(file.size)} ${status().dataset.megabytes}`;
                const bar = newBar(original.name, "upload-photo-progress");
                item.append(label, bar);
                list.append(item);
                photos.push({ file, bar });
            }
            if (complete !== null) data.append("complete", complete); // last, after the photos
            return { data, photos };
        }

        function showProgress(loaded, size) {
            setBar(part("total"), loaded / size);
            const percent = Math.round((loaded / size) * 100);
            part("text").textContent = `${status().dataset.sending} ${percent} %`;
            // The photos are the last parts of the body but one, in order.
            let end = size - PART_HEADERS;
            for (let index = prepared.photos.length - 1; index >= 0; index -= 1) {
                const photo = prepared.photos[index];
                const start = end - photo.file.size - PART_HEADERS;
                setBar(photo.bar, (loaded - start) / photo.file.size);
                end = start;
            }
        }

        function dropped() {
            busy = false;
            buttons(false);
            part("text").textContent = "";
            part("failed").classList.remove("d-none");
            part("retry").focus();
        }

        function answered(xhr) {
            const sentTo = new URL(form.action || window.location.href, window.location.href);
            const landed = xhr.responseURL ? new URL(xhr.responseURL) : sentTo;
            if (xhr.status >= 200 && xhr.status < 300 && landed.pathname !== sentTo.pathname) {
                window.location.assign(landed.href); // saved: the material's page
                return;
            }
            const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
            const again = page.querySelector("[data-testid=submission-form]");
            if (!again) {
                // Not our form (a refusal of the whole request): show that page.
                document.documentElement.replaceWith(document.adoptNode(page.documentElement));
                return;
            }
            // The server's errors, with the text kept and the photos still chosen.
            const input = form.querySelector("input[type=file][name=photos]");
            const files = input ? input.files : null;
            form.replaceChildren(...Array.from(again.childNodes, (node) => document.adoptNode(node)));
            const newInput = form.querySelector("input[type=file][name=photos]");
            if (files && newInput) newInput.files = files;
            busy = false;
            document.dispatchEvent(new CustomEvent("profinfo:form-replaced", { detail: form }));
            const error = form.querySelector("[data-testid=form-error], .is-invalid");
            if (error) error.scrollIntoView({ block: "center" });
        }

        function send() {
            busy = true;
            buttons(true);
            part("failed").classList.add("d-none");
            status().classList.remove("d-none");
            setBar(part("total"), 0);
            const xhr = new XMLHttpRequest();
            xhr.open("POST", form.action || window.location.href);
            xhr.upload.addEventListener("progress", (event) => {
                if (event.lengthComputable) showProgress(event.loaded, event.total);
            });
            xhr.upload.addEventListener("load", () => {
                part("text").textContent = status().dataset.saving;
            });
            xhr.addEventListener("load", () => {
                // A proxy's 502/503/504 is the connection, not the material.
                if (xhr.status === 0 || xhr.status >= 502) dropped();
                else answered(xhr);
            });
            xhr.addEventListener("error", dropped);
            xhr.addEventListener("timeout", dropped);
            xhr.addEventListener("abort", dropped);
            xhr.send(prepared.data);
        }

        form.addEventListener("submit", async (event) => {
            if (!canReduce() || event.defaultPrevented) return;
            event.preventDefault();
            if (busy) return;
            busy = true;
            buttons(true);
            status().classList.remove("d-none");
            part("failed").classList.add("d-none");
            try {
                prepared = await prepare();
            } catch {
                busy = false;
                buttons(false);
                form.submit(); // cannot prepare here: send it as it is
                return;
            }
            send();
        });
        form.addEventListener("click", (event) => {
            if (event.target.closest("[data-upload-retry]") && !busy && prepared) send();
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("[data-upload-status]").forEach((status) => {
            setUp(status.closest("form"));
        });
    });
})();
