// Ledger import: a form whose button says data-once is sent once. A double tap on "Import now"
// (or on the upload of a large ledger) must not send it twice; the server refuses a second send
// too (a one-time token), this only spares the officer the second wait.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = form.querySelector("button[data-once]");
  if (!button) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  // After this tick, so that the button's own name and value still go with the form.
  setTimeout(() => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (button.dataset.busy) button.textContent = button.dataset.busy;
  }, 0);
});
