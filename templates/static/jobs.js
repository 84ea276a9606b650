// Polls a background export's status and starts the download when it is
// ready. The page works without it: its link reloads the status.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.state !== "running") { return; }
  var msg = document.getElementById("job-message");
  var link = document.getElementById("job-download");
  var refresh = document.getElementById("job-refresh");
  function poll() {
    fetch(box.dataset.status, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        msg.textContent = s.message;
        if (s.state === "running") { setTimeout(poll, 1000); return; }
        if (refresh) { refresh.hidden = true; }
        if (s.state === "done") {
          link.hidden = false;
          window.location.href = box.dataset.download;
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
