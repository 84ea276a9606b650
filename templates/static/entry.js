// entry.js: the quarter's form as the clerk types. It asks the server to
// check the typed values (the one validation the save runs: no rule is
// copied here) and puts each message beside its field; it opens the page
// on the first error; and it asks before a quarter is submitted. Without
// it the form works the same, checked when saved.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || form.tagName !== "FORM") { return; }

  var first = form.querySelector("[aria-invalid='true']");
  if (first) {
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  }

  var live = document.getElementById("entry-live");
  var timer = null, asked = 0;
  function check() {
    var body = new URLSearchParams(new FormData(form));
    body.delete("action");
    var mine = ++asked;
    fetch(form.dataset.check, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer && mine === asked) { show(answer); } })
      .catch(function () { /* the save checks everything anyway */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }
  form.addEventListener("input", function (e) {
    if (e.target.matches("input[type='text']")) { later(); }
  });
  form.addEventListener("change", function (e) {
    if (e.target.matches("input[type='text']")) { later(); }
  });

  function byField(list) {
    var out = {};
    list.forEach(function (m) { (out[m.field] = out[m.field] || []).push(m.message); });
    return out;
  }
  function line(cls, label, text) {
    var p = document.createElement("p");
    var b = document.createElement("strong");
    p.className = cls;
    b.textContent = label + ":";
    p.appendChild(b);
    p.appendChild(document.createTextNode(" " + text));
    return p;
  }
  function show(answer) {
    var errors = byField(answer.errors), warnings = byField(answer.warnings);
    form.querySelectorAll("tr.field").forEach(function (row) {
      var code = row.dataset.field;
      var box = document.getElementById("msg-" + code);
      var input = document.getElementById("f-" + code);
      if (!box || !input) { return; }
      box.querySelectorAll(".field-error, .field-warning").forEach(function (p) { p.remove(); });
      var errs = errors[code] || [], warns = warnings[code] || [];
      var theirs = box.querySelector(".field-theirs");
      errs.forEach(function (m) { box.insertBefore(line("field-error", form.dataset.error, m), theirs); });
      warns.forEach(function (m) { box.insertBefore(line("field-warning", form.dataset.warn, m), theirs); });
      row.classList.toggle("has-error", errs.length > 0);
      row.classList.toggle("has-warning", warns.length > 0);
      if (errs.length > 0) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
    if (live) {
      var whole = (errors[""] || []).concat(warnings[""] || []);
      live.textContent = [answer.summary].concat(whole).join(" ");
      live.classList.toggle("has-errors", answer.errors.length > 0);
    }
  }

  var dialog = document.getElementById("confirm-submit");
  var pressed = null, confirmed = false;
  form.addEventListener("submit", function (e) {
    if (!dialog || confirmed || !e.submitter || e.submitter.value !== "submit" || !dialog.showModal) { return; }
    e.preventDefault();
    pressed = e.submitter;
    dialog.showModal();
    document.getElementById("confirm-yes").focus();
  });
  if (dialog) {
    document.getElementById("confirm-yes").addEventListener("click", function () {
      confirmed = true;
      dialog.close();
      form.requestSubmit(pressed);
    });
    document.getElementById("confirm-no").addEventListener("click", function () {
      dialog.close();
      if (pressed) { pressed.focus(); }
    });
  }
})();
