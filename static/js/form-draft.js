// Drafts of long forms (a visit, a child's registration) and the visit form's small
// conveniences. The forms work without this file.
//
// Connections in the villages drop, tabs get closed, phones run out of battery: everything
// typed into a form marked data-draft-key is kept in localStorage under that key (one per
// user and form, see visits.views.draft_key and children.views.draft_key) and put back when the
// form is opened again. A photo or other file is never kept. The page shown after a successful
// save carries data-draft-clear with the key to forget.
(function () {
  "use strict";

  var PREFIXES = ["shouhu:visit-draft:", "shouhu:draft:"];
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000; // older drafts are dropped: they hold a child's details
  var SKIP_TYPES = { submit: 1, button: 1, reset: 1, file: 1, hidden: 1, image: 1 };

  function store() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage disabled: the form still works, without drafts
    }
  }

  function forget(key) {
    var s = store();
    if (s) {
      try { s.removeItem(key); } catch (e) { /* nothing to do */ }
    }
  }

  function read(key) {
    var s = store();
    if (!s) return null;
    try {
      var draft = JSON.parse(s.getItem(key) || "null");
      return draft && draft.values && draft.checked ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function pruneOld() {
    var s = store();
    if (!s) return;
    try {
      var now = Date.now();
      for (var i = s.length - 1; i >= 0; i--) {
        var key = s.key(i);
        if (key && PREFIXES.some(function (p) { return key.indexOf(p) === 0; })) {
          var draft = read(key);
          if (!draft || !draft.savedAt || now - draft.savedAt > MAX_AGE_MS) s.removeItem(key);
        }
      }
    } catch (e) { /* nothing to do */ }
  }

  document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
    forget(el.getAttribute("data-draft-clear"));
  });
  pruneOld();

  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  // The server sent the form back (an error, or "no to all" without this script): what it
  // shows is what was typed, so it is the draft, even where it equals the form's defaults.
  var bound = form.hasAttribute("data-draft-bound");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP_TYPES[el.type] && el.name !== "csrfmiddlewaretoken";
    });
  }

  // A snapshot of the form: `current` reads what is on screen, otherwise what the server sent.
  function snapshot(current) {
    var values = {}, checked = {};
    fields().forEach(function (el) {
      if (el.type === "radio") {
        if (current ? el.checked : el.defaultChecked) values[el.name] = el.value;
      } else if (el.type === "checkbox") {
        checked[el.name] = checked[el.name] || [];
        if (current ? el.checked : el.defaultChecked) checked[el.name].push(el.value);
      } else if (el.tagName === "SELECT") {
        if (current) {
          values[el.name] = el.value;
        } else {
          var chosen = Array.prototype.find.call(el.options, function (o) { return o.defaultSelected; });
          values[el.name] = chosen ? chosen.value : (el.options[0] ? el.options[0].value : "");
        }
      } else {
        values[el.name] = current ? el.value : el.defaultValue;
      }
    });
    return { values: values, checked: checked };
  }

  function same(a, b) {
    return JSON.stringify(a.values) === JSON.stringify(b.values) &&
      JSON.stringify(a.checked) === JSON.stringify(b.checked);
  }

  function save() {
    var s = store();
    if (!s) return;
    var now = snapshot(true);
    if (!bound && same(now, snapshot(false))) {
      forget(key); // nothing typed: keep no copy of the child's details
      return;
    }
    now.savedAt = Date.now();
    try {
      s.setItem(key, JSON.stringify(now));
    } catch (e) { /* storage full: the form still works */ }
  }

  function apply(draft) {
    fields().forEach(function (el) {
      if (el.type === "radio") {
        if (Object.prototype.hasOwnProperty.call(draft.values, el.name)) el.checked = draft.values[el.name] === el.value;
      } else if (el.type === "checkbox") {
        if (draft.checked[el.name]) el.checked = draft.checked[el.name].indexOf(el.value) !== -1;
      } else if (Object.prototype.hasOwnProperty.call(draft.values, el.name)) {
        el.value = draft.values[el.name];
      }
    });
  }

  // The "Yes: n" badge on each checklist section.
  function updateBadges() {
    form.querySelectorAll("details[data-domain]").forEach(function (section) {
      var yes = section.querySelectorAll("input[type=radio][value=yes]:checked").length;
      var badge = section.querySelector("[data-yes-badge]");
      if (!badge) return;
      badge.hidden = yes === 0;
      var count = badge.querySelector("[data-yes-count]");
      if (count) count.textContent = String(yes);
      if (yes > 0) section.open = true;
    });
  }

  var notice = document.querySelector("[data-draft-notice]");
  var draft = read(key);
  if (bound) {
    save();
  } else if (draft) {
    var onScreen = snapshot(true);
    if (!same(draft, onScreen)) {
      apply(draft);
      updateBadges();
      if (notice) notice.hidden = false;
    } else if (!same(onScreen, snapshot(false))) {
      // The browser put the typed values back itself (a reload): still say so, and offer to discard.
      if (notice) notice.hidden = false;
    }
    // Otherwise the draft says nothing the form does not already show.
  }

  var timer = null;
  function saveSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
  }
  form.addEventListener("input", saveSoon);
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") updateBadges();
    saveSoon();
  });
  // The tab may be closed or the phone locked before the timer fires.
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });

  var discard = document.querySelector("[data-draft-discard]");
  if (discard) {
    discard.addEventListener("click", function () {
      forget(key);
      form.reset();
      updateBadges();
      if (notice) notice.hidden = true;
    });
  }

  // "No to all in this section": done here without a round trip. Without this script the
  // button posts the form and the server sends it back with the section answered.
  form.querySelectorAll("[data-all-no]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var section = button.closest("details");
      section.querySelectorAll("input[type=radio][value=no]").forEach(function (radio) {
        radio.checked = true;
      });
      updateBadges();
      save();
    });
  });

  // One tap, one visit: a second tap while the first is on its way would post it twice.
  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    save();
    form.setAttribute("data-submitting", "1");
  });
  // Coming Back to the page (for example after a failed send) must allow sending again.
  window.addEventListener("pageshow", function () {
    form.removeAttribute("data-submitting");
  });
})();
