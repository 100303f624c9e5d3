// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.classList && el.classList.contains("autosubmit") && el.form) el.form.submit();
});
