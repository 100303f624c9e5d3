// The child registration and edit form's conveniences. The form works without this file: the
// server fills in the date of birth and sex from an ID number, checks duplicates when the form
// is sent, and opens each folded section that holds a value or an error.
(function () {
  "use strict";

  var form = document.querySelector("form.childform");
  if (!form) return;

  // The error summary: focused when the page opens, so a screen reader and the eye start there;
  // each link moves to its field, unfolding the section it sits in.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var section = field.closest("details");
    if (section) section.open = true;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  // Folded sections: unfolded when they hold something (a draft put back) or when the answer
  // that needs them is given (the "orphan" category, the "disabled" health status).
  function filled(section) {
    return Array.prototype.some.call(section.querySelectorAll("input, select, textarea"), function (el) {
      if (el.type === "checkbox" || el.type === "radio") return el.checked && !el.defaultChecked;
      if (el.type === "hidden" || el.type === "file") return false;
      if (el.tagName === "SELECT") return el.selectedIndex > 0;
      return el.value !== "";
    });
  }
  function unfold() {
    form.querySelectorAll("details[data-fold]").forEach(function (section) {
      var when = section.getAttribute("data-open-when");
      if (filled(section) || (when && form.querySelector(when))) section.open = true;
    });
  }
  unfold();
  form.addEventListener("change", unfold);

  // The resident ID number (GB 11643-1999): 17 digits and a check character; digits 7–14 are
  // the date of birth, the 17th is odd for a boy and even for a girl. children/identity.py
  // does the same on the server, which checks the fields against the number whatever they say.
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";

  function readId(value) {
    var number = (value || "").replace(/\s/g, "").toUpperCase();
    if (!/^\d{17}[\dX]$/.test(number)) return null;
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(number[i]) * WEIGHTS[i];
    if (CHECK[sum % 11] !== number[17]) return null;
    var y = number.slice(6, 10), m = number.slice(10, 12), d = number.slice(12, 14);
    var born = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (born.getUTCFullYear() !== Number(y) || born.getUTCMonth() !== Number(m) - 1 || born.getUTCDate() !== Number(d)) {
      return null;
    }
    return { number: number, dob: y + "-" + m + "-" + d, sex: Number(number[16]) % 2 === 1 ? "M" : "F" };
  }

  var idInput = form.querySelector("[name=id_number]");
  var dobInput = form.querySelector("[name=date_of_birth]");
  var nameInput = form.querySelector("[name=name]");
  var villageInput = form.querySelector("[name=village]");

  // A value filled in from the number may be replaced by the next number typed; one the user
  // typed is left alone (the server then says if it does not match).
  function fillFromId() {
    var id = readId(idInput.value);
    if (!id) return;
    if (dobInput && (!dobInput.value || dobInput.getAttribute("data-from-id") === dobInput.value)) {
      dobInput.value = id.dob;
      dobInput.setAttribute("data-from-id", id.dob);
    }
    var radios = form.querySelectorAll("input[name=sex]");
    var chosen = Array.prototype.find.call(radios, function (r) { return r.checked; });
    if (!chosen || chosen.hasAttribute("data-from-id")) {
      radios.forEach(function (r) {
        r.checked = r.value === id.sex;
        r.toggleAttribute("data-from-id", r.checked);
      });
    }
  }

  // The duplicate check as the name and date of birth (or the ID number) are typed: the server
  // answers with the masked list it would show after sending (children.views.child_duplicates).
  var box = document.getElementById("duplicates-live");
  var asked = null, shown = null, sequence = 0, timer = null;

  function checkDuplicates() {
    if (!box) return;
    var id = idInput ? readId(idInput.value) : null;
    var name = nameInput ? nameInput.value.trim() : "";
    var dob = dobInput ? dobInput.value : "";
    if (!id && !(name && dob)) return;
    var params = new URLSearchParams({
      name: name, date_of_birth: dob, id_number: id ? id.number : "", village: villageInput ? villageInput.value : ""
    }).toString();
    if (params === asked) return;
    asked = params;
    var mine = ++sequence;
    fetch(box.getAttribute("data-url") + "?" + params, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== sequence) return; // a later answer is on its way
        if (html === shown) return; // the same list: keep a box already ticked
        shown = html;
        box.innerHTML = html;
      })
      .catch(function () { asked = null; }); // offline: checked again on the next change, and when sent
  }
  function checkSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(checkDuplicates, 500);
  }

  form.addEventListener("input", function (event) {
    if (event.target === idInput) fillFromId();
    if ([idInput, dobInput, nameInput, villageInput].indexOf(event.target) !== -1) checkSoon();
  });
  form.addEventListener("change", function (event) {
    if (event.target === idInput) fillFromId();
    if ([idInput, dobInput, nameInput, villageInput].indexOf(event.target) !== -1) checkSoon();
  });
  // A draft put back: check what is there now (a page sent back already shows the server's list).
  if (box && !box.hasAttribute("data-sent")) checkDuplicates();
})();
