// The roll-call without page reloads: each tap posts its form and shows the answer in place. Without
// this script the same forms work with a reload.
"use strict";
document.querySelectorAll("form.marks").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var person = form.closest("li");
    var state = person.querySelector(".state");
    var data = new FormData(form, event.submitter);
    state.textContent = "saving…";
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(data),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { state.textContent = result.body.error || "not saved"; person.className = "person error"; return; }
      var wasMarked = !/\bunmarked\b/.test(person.className);
      person.className = "person " + result.body.status;
      state.textContent = result.body.status + (result.body.late_minutes ? " (" + result.body.late_minutes + " min late)" : "");
      if (!wasMarked) {
        var marked = document.getElementById("marked");
        marked.textContent = String(Number(marked.textContent) + 1);
      }
    }).catch(function () { state.textContent = "not saved: no connection; tap again"; });
  });
});
