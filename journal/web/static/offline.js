// On every journal page: registers the service worker (sw.js), gives each form sent a
// request_id (so the journal writes it once, however often it is sent), and shows a
// strip: "offline: as of HH:MM" on a page kept by the worker, and "waiting to be sent
// (N)" with what was typed in each form kept while offline, refused ones included.
(() => {
  const script = document.currentScript;
  const base = script.dataset.base;
  const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  const FIRST_RETRY = 1000; // ms
  const LAST_RETRY = 60000;

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  // The same form sent twice as it was (a double tap) keeps its id: the journal writes
  // it once. Changed, it is another write, with another id.
  function typedIn(form, submitter) {
    const fields = [...new FormData(form, submitter)].filter(([k]) => k !== "request_id" && k !== "csrftoken");
    return JSON.stringify(fields);
  }

  for (const form of document.querySelectorAll("form[method=post]")) {
    if (!new URL(form.action, location.href).pathname.startsWith(base + "/")) continue;
    // A form that carries one on (Done's "before it is due?") keeps it.
    let input = form.querySelector("input[name=request_id]");
    if (!input) {
      input = document.createElement("input");
      Object.assign(input, { type: "hidden", name: "request_id", value: newId() });
      form.prepend(input);
    }
    form.addEventListener("submit", (event) => {
      const typed = typedIn(form, event.submitter);
      if (form.dataset.sent && form.dataset.sent !== typed) input.value = newId();
      form.dataset.sent = typed;
    });
  }

  // -- the strip ---------------------------------------------------------------------------
  const strip = document.createElement("div");
  strip.className = "journal-status";
  strip.setAttribute("role", "status");
  strip.hidden = true;
  const header = document.querySelector("header");
  if (header) header.after(strip);
  else document.body.prepend(strip);

  const keptMeta = document.querySelector('meta[name="journal-offline"]');
  let queue = [];

  function hhmm(iso) {
    const when = iso ? new Date(iso) : null;
    if (!when || isNaN(when)) return "";
    return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  function line(className, text) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function button(label, ask) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => tell(ask));
    return b;
  }

  function draw() {
    const parts = [];
    if (keptMeta) {
      const at = hhmm(keptMeta.content);
      parts.push(line("journal-offline", at ? `offline: as of ${at}` : "offline"));
    } else if (!navigator.onLine) {
      parts.push(line("journal-offline", "offline"));
    }
    const waiting = queue.filter((i) => i.state === "waiting");
    const refused = queue.filter((i) => i.state === "refused");
    if (waiting.length) parts.push(line("journal-waiting", `waiting to be sent (${waiting.length})`));
    if (refused.length) parts.push(line("journal-refused", `not sent (${refused.length}): see below`));
    if (queue.length) {
      const list = document.createElement("ul");
      list.className = "journal-queue";
      for (const item of queue) {
        const li = document.createElement("li");
        li.dataset.state = item.state;
        li.append(line("journal-queue-what", item.what));
        if (item.typed.length) {
          li.append(line("journal-sub", item.typed.map(([k, v]) => `${k}: ${v}`).join(" · ")));
        }
        if (item.state === "refused") {
          li.append(line("journal-error", `Not sent: ${item.error}`));
          li.append(button("Send again", { retry: item.id }), " ");
          if (item.sameName) li.append(button("Add anyway: someone else", { anyway: item.id }), " ");
          li.append(button("Drop it", { drop: item.id }));
        }
        list.append(li);
      }
      parts.push(list);
    }
    strip.replaceChildren(...parts);
    strip.hidden = parts.length === 0;
  }

  function tell(ask) {
    if (worker && worker.controller) worker.controller.postMessage(ask);
  }

  draw();
  window.addEventListener("offline", draw);
  window.addEventListener("online", () => {
    draw();
    tell({ flush: true });
  });
  if (!worker) return;
  // The browser may say it is online a moment before its requests go through: while
  // something waits, the worker is asked again, less and less often.
  let retry = null;
  let delay = FIRST_RETRY;
  function again() {
    clearTimeout(retry);
    if (!navigator.onLine || !queue.some((i) => i.state === "waiting")) {
      delay = FIRST_RETRY;
      return;
    }
    retry = setTimeout(() => tell({ flush: true }), delay);
    delay = Math.min(delay * 2, LAST_RETRY);
  }
  worker.addEventListener("message", (event) => {
    if (!event.data || !event.data.queue) return;
    queue = event.data.queue;
    draw();
    again();
  });
  worker.register(`${base}/-/sw.js`, { scope: base }).catch(() => {});
  // Once the page is shown: what is queued, and whatever waits sent if online.
  const ask = () => tell({ flush: navigator.onLine });
  window.addEventListener("load", () => {
    if (worker.controller) setTimeout(ask);
    else worker.addEventListener("controllerchange", ask, { once: true });
  });
})();
