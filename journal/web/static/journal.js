// The add and edit forms' type-ahead: as you type an event or a person, the datalist
// offers the journal's records that match (GET /<db>/-/names.json), not only the newest.
(() => {
  const script = document.currentScript;
  const endpoint = script && script.dataset.names;
  if (!endpoint) return;
  for (const input of document.querySelectorAll("input[data-names]")) {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    let asked = 0;
    const ask = async () => {
      const question = ++asked;
      const url = `${endpoint}?of=${encodeURIComponent(input.dataset.names)}&q=${encodeURIComponent(input.value)}`;
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok || question !== asked) return;
        const names = await response.json();
        // A newer question may have been asked while this answer was read.
        if (question !== asked) return;
        list.replaceChildren(...names.map((name) => {
          const option = document.createElement("option");
          option.value = name; // text, never markup
          return option;
        }));
      } catch (e) {
        // Offline or refused: the newest names stay offered.
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    // Typed before this script arrived (a slow network): narrow for it now.
    if (input.value && document.activeElement === input) ask();
  }
})();
