// The mandatory-report form: show the police warning as soon as one of the nine situations of
// 高检发〔2020〕9号 is ticked and a body other than the police is chosen (reports.forms.police_rule;
// the server decides the same way when the form is sent, so this only says it earlier).
(function () {
  "use strict";
  var form = document.querySelector("form[data-police-triggers]");
  var warning = document.querySelector("[data-police-warning]");
  if (!form || !warning) return;
  var words = function (name) { return (form.getAttribute(name) || "").split(" ").filter(Boolean); };
  var triggers = words("data-police-triggers");
  var channels = words("data-police-channels");
  var stations = words("data-police-orgs");

  function update() {
    var channel = form.querySelector("input[name=channel]:checked");
    var org = form.querySelector("select[name=receiving_org]");
    var ticked = Array.prototype.some.call(form.querySelectorAll("input[name=triggers]:checked"), function (box) {
      return triggers.indexOf(box.value) >= 0;
    });
    var toPolice = !!channel && (channels.indexOf(channel.value) >= 0 || (!!org && stations.indexOf(org.value) >= 0));
    warning.hidden = !(ticked && channel && !toPolice);
  }
  form.addEventListener("change", update);
  update();
})();
