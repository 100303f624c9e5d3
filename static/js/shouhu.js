// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.classList && el.classList.contains("autosubmit") && el.form) el.form.submit();
});

// After htmx changes the address (live roster search), keep the language switch's return
// address in step, so that switching language keeps the search.
document.addEventListener("htmx:pushedIntoHistory", () => {
  document.querySelectorAll("form.langform input[name=next]").forEach((input) => {
    input.value = window.location.pathname + window.location.search;
  });
});

// Drafts (visits, registrations) hold sensitive details; a shared phone must not keep them after logging out.
document.addEventListener("submit", (event) => {
  if (!event.target.classList.contains("logoutform")) return;
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key && (key.startsWith("shouhu:visit-draft:") || key.startsWith("shouhu:draft:"))) localStorage.removeItem(key);
    }
  } catch (e) { /* storage unavailable: nothing to clear */ }
});

// The phone menu: the button opens and closes the folded part of the top bar.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest && event.target.closest(".navtoggle");
  if (!toggle) return;
  event.preventDefault();
  const bar = document.getElementById("topbar");
  const open = bar.classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
