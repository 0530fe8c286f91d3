// Upload an attachment without leaving the step's form (issue 15 §5): the file goes up with fetch, the list
// grows in place, and a refused file is said beside the upload box, naming the accepted types. What was typed
// in the step's form is never touched. Without fetch the form posts as before and the page comes back.
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = form.querySelector("input[type=file]");
  var button = form.querySelector("button[type=submit]");
  var feedback = document.getElementById("upload-feedback");
  var list = document.getElementById("attachment-list");
  var empty = document.getElementById("no-attachments");
  var extensions = form.getAttribute("data-extensions").split(" ");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);

  function say(text, ok) {
    feedback.textContent = "";
    var box = document.createElement("div");
    box.className = "alert py-2 small mb-0 " + (ok ? "alert-success" : "alert-danger");
    box.textContent = text;
    feedback.appendChild(box);
    input.classList.toggle("is-invalid", !ok);
  }

  function message(name, file) {
    return form.getAttribute(name).replace("{name}", file ? file.name : "");
  }

  function listed(body) {
    var item = document.createElement("li");
    var icon = document.createElement("i");
    icon.className = "bi bi-paperclip";
    icon.setAttribute("aria-hidden", "true");
    var link = document.createElement("a");
    link.href = body.url;
    link.textContent = body.filename;
    var note = document.createElement("span");
    note.className = "small text-muted";
    note.textContent = body.size_kb + " KB · " + body.remark;
    item.append(icon, " ", link, " ", note);
    list.appendChild(item);
    empty.hidden = true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files[0];
    if (!file) { say(form.getAttribute("data-msg-empty"), false); return; }
    var extension = file.name.indexOf(".") === -1 ? "" : file.name.split(".").pop().toLowerCase();
    if (extensions.indexOf(extension) === -1) { say(message("data-msg-type", file), false); return; }
    if (file.size > maxBytes) { say(message("data-msg-size", file), false); return; }
    button.disabled = true;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (result) {
        say(result.body.message, result.ok);
        if (result.ok) {
          listed(result.body);
          input.value = "";
          form.querySelector("[name=remark]").value = "";
        }
      })
      .catch(function () { say(form.getAttribute("data-msg-failed"), false); })
      .then(function () { button.disabled = false; });
  });
})();
